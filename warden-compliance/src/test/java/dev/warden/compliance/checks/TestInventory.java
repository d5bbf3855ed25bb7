package dev.warden.compliance.checks;

import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.inventory.ApiKeyView;
import dev.warden.compliance.inventory.AuditView;
import dev.warden.compliance.inventory.BootView;
import dev.warden.compliance.inventory.BucketsView;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.CredentialUse;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.KeyInfo;
import dev.warden.compliance.inventory.KmsKeyView;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.PolicyView;
import dev.warden.compliance.inventory.PrincipalRef;
import dev.warden.compliance.inventory.PrincipalView;
import dev.warden.compliance.inventory.RegionIamView;
import dev.warden.compliance.inventory.SecretView;
import dev.warden.compliance.inventory.SessionTakeOver;
import dev.warden.compliance.inventory.UserView;
import dev.warden.policy.LeastPrivilegeAnalyzer;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built inventories for the checks' tests: every part empty (and the node's facts sound) unless set. */
final class TestInventory implements Inventory.Source {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final ComplianceSettings SETTINGS = ComplianceSettings.defaults("eu-west-1", "acme");
    static final CheckContext CONTEXT = new CheckContext(SETTINGS, NOW);
    static final KeyInfo P256 = new KeyInfo("EC", 256, "secp256r1", 0, "fp-p256");
    static final String ROOT_SUBJECT = "CN=Warden Root";
    static final String ISSUING_SUBJECT = "CN=Warden Issuing";

    final List<CertificateView> certificates = new ArrayList<>();
    final Map<String, String> serviceCertificates = new HashMap<>();
    final List<CaView> cas = new ArrayList<>();
    final List<PolicyView> policies = new ArrayList<>();
    final List<UserView> users = new ArrayList<>();
    final List<PrincipalView> principals = new ArrayList<>();
    final List<ApiKeyView> apiKeys = new ArrayList<>();
    final Map<String, CredentialUse> usage = new HashMap<>();
    final List<SessionTakeOver> takeOvers = new ArrayList<>();
    final List<LiveSession> liveSessions = new ArrayList<>();
    final List<KmsKeyView> kmsKeys = new ArrayList<>();
    final List<SecretView> secrets = new ArrayList<>();
    BucketsView buckets = BucketsView.NONE;
    AuditView audit = new AuditView(Optional.of(NOW.minusSeconds(30)), Optional.empty(), List.of(), 10);
    NodeFacts node = facts(true, false, false, List.of("TLSv1.3", "TLSv1.2"), true);
    RegionIamView regionIam = RegionIamView.NOT_A_MEMBER;
    final List<BootView> boots = new ArrayList<>();

    static NodeFacts facts(
            boolean caInHsm, boolean passphraseOnNode, boolean production, List<String> tls, boolean monitoring) {
        return new NodeFacts(
                "eu-west-1",
                "acme",
                caInHsm,
                false,
                passphraseOnNode,
                "sealed-file",
                production,
                tls,
                true,
                monitoring,
                false,
                "",
                "sqlite");
    }

    Inventory build() {
        return new Inventory(this);
    }

    /** A device certificate of {@code thing}, issued {@code ageDays} ago, valid {@code validDays} from issuance. */
    TestInventory device(
            String serial, String thing, CertificateStatus status, int ageDays, int validDays, KeyInfo key) {
        Instant issued = NOW.minus(Duration.ofDays(ageDays));
        certificates.add(new CertificateView(
                serial,
                CertificateKind.DEVICE,
                status,
                Optional.of(thing),
                issued,
                issued.plus(Duration.ofDays(validDays)),
                issued,
                status == CertificateStatus.REVOKED ? Optional.of(NOW.minusSeconds(60)) : Optional.empty(),
                ISSUING_SUBJECT,
                Optional.of("aa01"),
                "SHA256WITHECDSA",
                key));
        return this;
    }

    TestInventory ca(String role, String fingerprint, String status, boolean trusted, int daysLeft, KeyInfo key) {
        cas.add(new CaView(
                role,
                CaView.ROOT.equals(role) ? ROOT_SUBJECT : "CN=" + role + " " + fingerprint,
                fingerprint,
                Optional.of(CaView.ISSUING.equals(role) ? "aa01" : "bb" + fingerprint),
                NOW.plus(Duration.ofDays(daysLeft)),
                key,
                "SHA256WITHECDSA",
                status,
                trusted,
                CaView.MANUFACTURER.equals(role) ? Optional.of("factory") : Optional.empty()));
        return this;
    }

    /** A stored policy, parsed and analyzed as the inventory reader does. */
    TestInventory policy(String name, String json, boolean builtIn, int things, PrincipalRef... principals) {
        Policy p = PolicyParser.parse(name, json);
        policies.add(new PolicyView(
                name, builtIn, Optional.of(p), LeastPrivilegeAnalyzer.analyze(p), things, List.of(principals)));
        return this;
    }

    TestInventory used(String key, Instant first, Instant last) {
        usage.put(key, new CredentialUse(first, last));
        return this;
    }

    static String doc(String statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}";
    }

    static String arn(String resource) {
        return "arn:warden:iot:eu-west-1:acme:" + resource;
    }

    @Override
    public List<CertificateView> certificates() {
        return certificates;
    }

    @Override
    public Map<String, String> serviceCertificates() {
        return serviceCertificates;
    }

    @Override
    public List<CaView> cas() {
        return cas;
    }

    @Override
    public List<PolicyView> policies() {
        return policies;
    }

    @Override
    public List<UserView> users() {
        return users;
    }

    @Override
    public List<PrincipalView> principals() {
        return principals;
    }

    @Override
    public List<ApiKeyView> apiKeys() {
        return apiKeys;
    }

    @Override
    public Map<String, CredentialUse> usage() {
        return usage;
    }

    @Override
    public List<SessionTakeOver> takeOvers() {
        return takeOvers;
    }

    @Override
    public List<LiveSession> liveSessions() {
        return liveSessions;
    }

    @Override
    public List<KmsKeyView> kmsKeys() {
        return kmsKeys;
    }

    @Override
    public List<SecretView> secrets() {
        return secrets;
    }

    @Override
    public BucketsView buckets() {
        return buckets;
    }

    @Override
    public AuditView audit() {
        return audit;
    }

    @Override
    public NodeFacts node() {
        return node;
    }

    @Override
    public RegionIamView regionIam() {
        return regionIam;
    }

    @Override
    public List<BootView> boots() {
        return boots;
    }
}
