package dev.warden.compliance.reports;

import static dev.warden.compliance.core.Responsibility.DEVICE_MAKER;
import static dev.warden.compliance.core.Responsibility.OPERATOR;
import static dev.warden.compliance.core.Responsibility.WARDEN;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.core.Responsibility;
import dev.warden.compliance.core.StoredFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The controls of the seed's three-layer defense (device: authentication, secure boot, data encryption; network: TLS,
 * VPN, firewall; cloud: IAM, encryption at rest, monitoring) and of its best-practice, multi-region and incident
 * tables, each with who answers for it and whether it holds on this node now, from its facts and its checks' results.
 * A device-side control is the device maker's and invisible to Warden: the report says so rather than guess.
 */
final class SeedLayerRows {
    static final String DEVICE = "Device layer";
    static final String NETWORK = "Network layer";
    static final String CLOUD = "Cloud layer";
    private static final Set<String> MODERN_TLS = Set.of("TLSv1.2", "TLSv1.3");

    private final NodeFacts facts;
    private final List<StoredFinding> findings;
    private final Set<CheckId> ran;
    private final List<ResponsibilityRow> rows = new ArrayList<>();

    private SeedLayerRows(ReportInput input) {
        this.facts = input.facts();
        this.findings = input.findings();
        this.ran = input.checksRun();
    }

    static List<ResponsibilityRow> of(ReportInput input) {
        SeedLayerRows seed = new SeedLayerRows(input);
        seed.device();
        seed.network();
        seed.cloudIdentity();
        seed.cloudData();
        seed.cloudOperations();
        return List.copyOf(seed.rows);
    }

    private void device() {
        checked(
                DEVICE,
                "Device authentication",
                "A unique X.509 identity per device, verified by mutual TLS at every "
                        + "connect, revocable one by one",
                List.of(WARDEN, OPERATOR),
                List.of(
                        CheckId.DEVICE_CERTIFICATE_SHARED,
                        CheckId.CONFLICTING_CLIENT_IDS,
                        CheckId.DEVICE_CERTIFICATE_KEY_QUALITY,
                        CheckId.DEVICE_CERTIFICATE_EXPIRING,
                        CheckId.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE,
                        CheckId.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES));
        invisible(
                DEVICE,
                "Device key storage",
                "The device's private key in a secure element or TPM, never in firmware",
                List.of(DEVICE_MAKER),
                "Ask the device maker where the key is kept; Warden sees only the certificate.");
        invisible(
                DEVICE,
                "Secure boot",
                "Only firmware signed by the maker boots",
                List.of(DEVICE_MAKER),
                "Ask the device maker for secure boot and how its signing key is protected.");
        invisible(
                DEVICE,
                "Data encryption on the device",
                "Data stored on the device is encrypted",
                List.of(DEVICE_MAKER),
                "Ask the device maker; Warden encrypts what reaches it, not what stays on the " + "device.");
        invisible(
                DEVICE,
                "Firmware updates",
                "Signed, timely security updates for the device's software",
                List.of(DEVICE_MAKER, OPERATOR),
                "Agree a support period and update process with the device maker.");
    }

    private void network() {
        CheckEvidence tls = CheckEvidence.of(List.of(CheckId.TLS_POLICY_WEAK), findings, ran);
        boolean modern = !facts.tlsProtocols().isEmpty() && MODERN_TLS.containsAll(facts.tlsProtocols());
        fact(
                NETWORK,
                "TLS on every listener",
                "Devices and administrators reach the node only over TLS 1.2 or 1.3",
                List.of(WARDEN, OPERATOR),
                modern,
                "listeners allow " + String.join(", ", facts.tlsProtocols()) + "; check: " + tls.evidence(),
                "Set every listener back to Warden's built-in TLS policy (TLS 1.2 and 1.3 only).",
                tls);
        invisible(
                NETWORK,
                "Network segmentation and VPN",
                "The admin API on a private network or VPN; only the MQTT " + "port exposed to devices",
                List.of(OPERATOR),
                "Keep the admin API off the internet; Warden cannot see the network around it.");
        rows.add(new ResponsibilityRow(
                NETWORK,
                "Firewall",
                "Unwanted traffic stopped before it reaches the node",
                List.of(OPERATOR, WARDEN),
                Holds.NOT_VISIBLE,
                "Warden's connection firewall judges each connection before TLS and bans abusive addresses; the host "
                        + "and network firewalls are not visible to it",
                "Allow only the node's listener ports on the host and network firewalls."));
    }

    private void cloudIdentity() {
        checked(
                CLOUD,
                "Least-privilege IAM and device policies",
                "No wildcard grants; each device reaches only its own " + "topics",
                List.of(OPERATOR, WARDEN),
                List.of(
                        CheckId.IAM_POLICY_ADMIN_WILDCARD, CheckId.IAM_POLICY_SERVICE_FULL_ACCESS,
                        CheckId.IOT_POLICY_OVERLY_PERMISSIVE, CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION));
        checked(
                CLOUD,
                "MFA for administrators",
                "Whoever can change IAM, KMS or the audit trail uses MFA; the " + "bootstrap credential is retired",
                List.of(OPERATOR, WARDEN),
                List.of(CheckId.IAM_USER_WITHOUT_MFA, CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE));
        checked(
                CLOUD,
                "Credential hygiene",
                "Unused credentials removed, secrets rotated",
                List.of(OPERATOR, WARDEN),
                List.of(CheckId.UNUSED_CREDENTIAL, CheckId.SECRET_ROTATION_OVERDUE));
        // The seed's multi-region table: one IAM, changed in the control region, enforced by every region's copy.
        checked(
                CLOUD,
                "One IAM in every region",
                "Each region enforces a current copy of the control region's IAM; a region cut off keeps its last"
                        + " copy and says how stale it is",
                List.of(WARDEN, OPERATOR),
                List.of(CheckId.REGION_IAM_STALE));
    }

    private void cloudData() {
        CheckEvidence master = CheckEvidence.of(
                List.of(CheckId.MASTER_KEY_PASSPHRASE_ON_NODE, CheckId.KMS_KEY_ROTATION_OVERDUE), findings, ran);
        String where = facts.masterKeyInHsm()
                ? "master key in a PKCS#11 HSM"
                : facts.masterKeyPassphraseOnNode()
                        ? "master key in a file, its passphrase file beside it on the node"
                        : "master key in a file, its passphrase kept off the node";
        fact(
                CLOUD,
                "Encryption at rest",
                "Telemetry, secrets and buckets encrypted with KMS keys (AES-256-GCM) under a " + "master key",
                List.of(WARDEN, OPERATOR),
                facts.masterKeyInHsm() || !facts.masterKeyPassphraseOnNode(),
                where + "; checks: " + master.evidence(),
                "Move the passphrase off the node (a secret store, or a prompt at start) or the master key into an "
                        + "HSM: whoever copies the data directory now holds both.",
                master);
        CheckEvidence ca = CheckEvidence.of(List.of(CheckId.CA_KEY_NOT_IN_HSM), findings, ran);
        fact(
                CLOUD,
                "CA keys in an HSM",
                "The root, issuing and OCSP keys never exist as files",
                List.of(OPERATOR, WARDEN),
                facts.caKeysInHsm(),
                (facts.caKeysInHsm() ? "CA keys in a PKCS#11 HSM" : "CA keys are files on the node") + "; check: "
                        + ca.evidence(),
                facts.production()
                        ? "Move the CA keys into an HSM (PKCS#11): this node is marked production."
                        : "Acceptable on a laptop; move the CA keys into an HSM before production.",
                ca);
        regionalKeys();
        CheckEvidence bucket = CheckEvidence.of(List.of(CheckId.BUCKET_PUBLIC), findings, ran);
        fact(
                CLOUD,
                "No public storage",
                "Block Public Access on; no bucket policy grants everyone",
                List.of(OPERATOR, WARDEN),
                facts.blockPublicAccess(),
                "Block Public Access " + (facts.blockPublicAccess() ? "on" : "off") + "; check: " + bucket.evidence(),
                "Turn Block Public Access on for the account, then remove any grant to everyone.",
                bucket);
    }

    private void regionalKeys() {
        CheckEvidence residency = CheckEvidence.of(List.of(CheckId.DATA_RESIDENCY_VIOLATION), findings, ran);
        Holds holds = residency.holds() == Holds.NOT_VISIBLE ? Holds.HOLDS : residency.holds();
        rows.add(new ResponsibilityRow(
                CLOUD,
                "Regional keys and data residency",
                "Each region encrypts with its own " + "keys and keeps its data",
                List.of(WARDEN, OPERATOR),
                holds,
                "this node serves region " + facts.region() + ", account " + facts.account()
                        + ", with its own KMS; residency check: " + residency.evidence(),
                residency.action()));
    }

    private void audit() {
        CheckEvidence audit =
                CheckEvidence.of(List.of(CheckId.AUDIT_CHAIN_BROKEN, CheckId.AUDIT_DIGEST_STALE), findings, ran);
        boolean hsm = "hsm".equals(facts.auditSigningKeyLocation());
        fact(
                CLOUD,
                "Audit trail",
                "Every admin action recorded in a hash chain with signed checkpoints",
                List.of(WARDEN, OPERATOR),
                hsm || !facts.production(),
                "checkpoint signing key: " + (hsm ? "in an HSM" : "a sealed file on the node") + "; checks: "
                        + audit.evidence(),
                "Keep the audit signing key in an HSM on a production node.",
                audit);
        fact(
                CLOUD,
                "Independent audit witness",
                "A witness countersigns the checkpoints, so a rewritten trail shows",
                List.of(OPERATOR),
                facts.auditWitnessConfigured(),
                facts.auditWitnessConfigured() ? "a witness is configured" : "no witness is configured",
                "Configure a witness on another machine.",
                null);
    }

    private void cloudOperations() {
        audit();
        CheckEvidence monitoring = CheckEvidence.of(List.of(CheckId.MONITORING_DISABLED), findings, ran);
        fact(
                CLOUD,
                "Security monitoring",
                "Per-device behaviour watched, alarms raised within seconds",
                List.of(WARDEN, OPERATOR),
                facts.monitoringEnabled(),
                "monitoring " + (facts.monitoringEnabled() ? "on" : "off") + "; check: " + monitoring.evidence(),
                "Turn monitoring on (monitor: on) and route its alarms to someone on call.",
                monitoring);
        compliance();
        invisible(
                CLOUD,
                "Incident response",
                "Detection, triage, communication, mitigation, recovery, post-mortem",
                List.of(OPERATOR),
                "Warden raises alarms and runs mitigations; the plan, the on-call rota and the "
                        + "post-mortems are the operator's. Write and rehearse them.");
        fact(
                CLOUD,
                "Backups",
                "The database and the key files backed up, and restores tried",
                List.of(OPERATOR),
                facts.backupsConfigured(),
                "database " + facts.database() + "; "
                        + (facts.backupsConfigured()
                                ? "declared backup (backup-policy): " + facts.backupPolicy()
                                : "no backup is declared (backup-policy is empty)"),
                "Back up the database and the key files, keep a copy off the node, try a restore, and declare it in"
                        + " the node's configuration (backup-policy).",
                null);
        invisible(
                CLOUD,
                "Host hardening and physical security",
                "The machine, its operating system and its room",
                List.of(OPERATOR),
                "Patch the host, restrict who can log in to it and who can reach it.");
    }

    private void compliance() {
        long wanted = CheckId.values().length - 1; // DATA_RESIDENCY_VIOLATION is reserved for multi-region
        long done =
                ran.stream().filter(c -> c != CheckId.DATA_RESIDENCY_VIOLATION).count();
        long open =
                findings.stream().filter(f -> f.status() == FindingStatus.OPEN).count();
        rows.add(new ResponsibilityRow(
                CLOUD,
                "Continuous compliance",
                "Misconfigurations found on every change and " + "daily",
                List.of(WARDEN),
                done == wanted ? Holds.HOLDS : Holds.NOT_ASSESSED,
                done + " of " + wanted + " checks have run; " + open + " findings open",
                done == wanted ? "" : "Run the checks: warden compliance run."));
    }

    /** A control only checks can speak for. */
    private void checked(
            String section, String control, String description, List<Responsibility> who, List<CheckId> checks) {
        CheckEvidence e = CheckEvidence.of(checks, findings, ran);
        rows.add(new ResponsibilityRow(section, control, description, who, e.holds(), e.evidence(), e.action()));
    }

    /** A control a setting of the node decides, which its checks (if any) may contradict. */
    private void fact(
            String section,
            String control,
            String description,
            List<Responsibility> who,
            boolean holds,
            String evidence,
            String action,
            CheckEvidence checks) {
        Holds result = holds ? Holds.HOLDS : Holds.DOES_NOT_HOLD;
        if (checks != null && checks.holds() == Holds.ACCEPTED) {
            // the setting is known to be wrong and someone accepted it: say so, with the suppression in the evidence
            result = Holds.ACCEPTED;
            action = checks.action();
        } else if (holds && checks != null && checks.holds() == Holds.DOES_NOT_HOLD) {
            // the setting looks right but a check found otherwise: the finding wins
            result = Holds.DOES_NOT_HOLD;
            action = checks.action();
        }
        rows.add(new ResponsibilityRow(
                section, control, description, who, result, evidence, result == Holds.HOLDS ? "" : action));
    }

    /** A control Warden cannot see from the node. */
    private void invisible(
            String section, String control, String description, List<Responsibility> who, String action) {
        rows.add(new ResponsibilityRow(
                section, control, description, who, Holds.NOT_VISIBLE, "not visible from the node", action));
    }
}
