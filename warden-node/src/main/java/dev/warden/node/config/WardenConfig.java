package dev.warden.node.config;

import dev.warden.kms.masterkey.KdfParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node's resolved configuration; fixed once the node starts.
 *
 * @param masterKeyPassphraseFile where the KMS master-key passphrase is read from; {@code null} when not configured
 * @param mqttWebSocketPort       MQTT over secure WebSocket, or 0 when off
 * @param kmsHsm                  PKCS#11 URI of the HSM holding the KMS master key; empty for the passphrase-protected file
 * @param firmwareKeysInHsm       whether new TUF signing keys are created in the HSM ({@code hsm}) rather than the KMS
 * @param masterKeyKdf            the Argon2id cost a new master-key file is made with ({@code master-key-kdf})
 * @param mqtt                    the gateway's MQTT settings
 * @param regions                 region links (off unless configured)
 * @param settings                the raw settings when some reference a secret ({@code ${secret:NAME}}), else empty;
 *                                they hold the references, never resolved values
 */
public record WardenConfig(
        String region,
        String account,
        Path dataDir,
        String db,
        String bind,
        int adminPort,
        int publicPort,
        int mqttPort,
        String publicUrl,
        List<String> hostnames,
        Duration certValidity,
        Duration crlRefresh,
        Duration rotationOverlap,
        String hsm,
        Path masterKeyPassphraseFile,
        Audit audit,
        Firewall firewall,
        Telemetry telemetry,
        int mqttWebSocketPort,
        String kmsHsm,
        Mqtt mqtt,
        Monitor monitor,
        Compliance compliance,
        Incidents incidents,
        Regions regions,
        boolean firmwareKeysInHsm,
        KdfParameters masterKeyKdf,
        Map<ConfigKey, String> settings) {

    /** A configuration that references no secret, with the KMS master key in a file. */
    public WardenConfig(
            String region,
            String account,
            Path dataDir,
            String db,
            String bind,
            int adminPort,
            int publicPort,
            int mqttPort,
            String publicUrl,
            List<String> hostnames,
            Duration certValidity,
            Duration crlRefresh,
            Duration rotationOverlap,
            String hsm,
            Path masterKeyPassphraseFile,
            Audit audit,
            Firewall firewall,
            Telemetry telemetry,
            int mqttWebSocketPort) {
        this(
                region,
                account,
                dataDir,
                db,
                bind,
                adminPort,
                publicPort,
                mqttPort,
                publicUrl,
                hostnames,
                certValidity,
                crlRefresh,
                rotationOverlap,
                hsm,
                masterKeyPassphraseFile,
                audit,
                firewall,
                telemetry,
                mqttWebSocketPort,
                "",
                Mqtt.DEFAULTS,
                Monitor.DEFAULTS,
                Compliance.DEFAULTS,
                Incidents.DEFAULTS,
                Regions.DEFAULTS,
                hsm != null && !hsm.isBlank(),
                KdfParameters.recommended(),
                Map.of());
    }

    /**
     * The gateway's MQTT settings: the keep-alive bounds (0 <= min <= max <= 65535 s), how long a push-back subscriber
     * may hold its publishers at a time, and the topic filters whose payloads must be sealed end to end (opt-in; none
     * by default).
     */
    public record Mqtt(
            Duration minKeepAlive, Duration maxKeepAlive, Duration pushBackMaxPause, List<String> sealedTopics) {
        public static final Mqtt DEFAULTS =
                new Mqtt(Duration.ofSeconds(30), Duration.ofMinutes(20), Duration.ofSeconds(5), List.of());

        public Mqtt {
            sealedTopics = List.copyOf(sealedTopics);
        }
    }

    /** Security monitoring: whether the node watches its fleet at all ({@code monitor}), and how often it decides. */
    public record Monitor(boolean enabled, Duration evaluationInterval) {
        public static final Monitor DEFAULTS = new Monitor(true, Duration.ofSeconds(1));
    }

    /**
     * Continuous compliance: whether the operator marked the node as production, the thresholds of the checks that
     * have one (the rest are {@code ComplianceSettings}' documented defaults) and the backup the operator declared
     * ({@code backup-policy}; empty when none), which the shared-responsibility report quotes as evidence.
     */
    public record Compliance(
            boolean production,
            Duration certificateMaxAge,
            Duration unusedAfter,
            Duration keyRotation,
            Duration secretRotation,
            Duration auditDigestMaxAge,
            Duration regionIamStaleAfter,
            String backupPolicy) {
        public static final Compliance DEFAULTS = new Compliance(
                false,
                Duration.ofDays(365),
                Duration.ofDays(90),
                Duration.ofDays(365),
                Duration.ofDays(90),
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                "");
    }

    /**
     * Incident response: each severity's clocks as written ({@code triaged=5m,communicated=15m,...}; empty: the
     * seed's), and where notifications go: an SMTP server (tls {@code starttls}, {@code implicit} or {@code plain},
     * plain only to a loopback host), a signed webhook, the on-call schedule that names who is paged and the
     * escalation policy that pages the next level when nobody acknowledges. The SMTP
     * password and the webhook's signing key are named secrets in the secrets manager, never values.
     */
    public record Incidents(
            Map<String, String> clocks,
            String smtpHost,
            int smtpPort,
            String smtpTls,
            String smtpFrom,
            String smtpUsername,
            String smtpPasswordSecret,
            String webhookUrl,
            String webhookSecret,
            String oncallSchedule,
            String escalationPolicy) {
        public static final Incidents DEFAULTS =
                new Incidents(Map.of(), "", 587, "starttls", "", "", "", "", "", "", "");

        public Incidents {
            clocks = Map.copyOf(clocks);
        }
    }

    /**
     * Region links: whether this node serves and uses them, the port of its link server, and the URL other regions
     * reach it at (empty: {@code https://<bind host>:<port>}).
     */
    public record Regions(boolean links, int linkPort, String linkUrl) {
        public static final Regions DEFAULTS = new Regions(false, 8444, "");
    }

    /** The gateway's connection firewall settings. */
    public record Firewall(
            List<String> allow,
            List<String> deny,
            double connectionRate,
            int connectionBurst,
            int maxConnectionsPerIp,
            double publishRate,
            Bans bans) {
        public Firewall {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }

        /** Without ban settings: the documented defaults. */
        public Firewall(
                List<String> allow,
                List<String> deny,
                double connectionRate,
                int connectionBurst,
                int maxConnectionsPerIp,
                double publishRate) {
            this(allow, deny, connectionRate, connectionBurst, maxConnectionsPerIp, publishRate, Bans.DEFAULTS);
        }
    }

    /**
     * Automatic bans: by source IP ({@code failures} in {@code window}), by client ID and by thing (each with its own
     * count and window); the first lasts {@code first}, each further one of the same target twice as long up to
     * {@code max}. {@code exempt} CIDRs are never banned by address.
     */
    public record Bans(
            int failures,
            Duration window,
            Duration first,
            Duration max,
            List<String> exempt,
            int clientIdFailures,
            Duration clientIdWindow,
            int thingFailures,
            Duration thingWindow) {
        public static final Bans DEFAULTS = new Bans(
                10,
                Duration.ofSeconds(60),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                List.of(),
                10,
                Duration.ofSeconds(60),
                10,
                Duration.ofMinutes(5));

        public Bans {
            exempt = List.copyOf(exempt);
        }
    }

    /**
     * Device data at rest: how long telemetry is kept, how many messages may wait for the writer, and whether device
     * messages are stored at all ({@code telemetry-store}).
     */
    public record Telemetry(Duration retention, int queueCapacity, boolean store) {}

    /**
     * The audit trail's settings: who this node is, how often checkpoints are signed (the interval is also the
     * heartbeat), and where their anchor outside the database is kept.
     */
    public record Audit(
            String node, long digestEveryEvents, Duration digestInterval, Path anchorDir, Witness witness) {}

    /**
     * Where this node's checkpoints are sent to be countersigned.
     *
     * @param url       the witness's admin API base URL, or {@code null} when there is no witness
     * @param tokenFile the file holding the bearer credential (read at start, never logged)
     * @param ca        the CA file to trust for the witness's TLS, or {@code null} for this node's own root
     */
    public record Witness(String url, Path tokenFile, Path ca) {
        public static final Witness NONE = new Witness(null, null, null);

        public boolean enabled() {
            return url != null;
        }
    }

    public WardenConfig {
        hostnames = List.copyOf(hostnames);
        settings = Map.copyOf(settings);
    }

    /** Whether the region's KMS master key is in a PKCS#11 HSM rather than in the passphrase-protected file. */
    public boolean kmsMasterKeyInHsm() {
        return kmsHsm != null && !kmsHsm.isBlank();
    }

    /** Whether some value is a {@code ${secret:NAME}} reference still to be resolved by the node at start. */
    public boolean referencesSecrets() {
        return !settings.isEmpty();
    }

    /** The same configuration remembering the raw settings (with their {@code ${secret:...}} references) it came from. */
    WardenConfig withSettings(Map<ConfigKey, String> raw) {
        return new WardenConfig(
                region,
                account,
                dataDir,
                db,
                bind,
                adminPort,
                publicPort,
                mqttPort,
                publicUrl,
                hostnames,
                certValidity,
                crlRefresh,
                rotationOverlap,
                hsm,
                masterKeyPassphraseFile,
                audit,
                firewall,
                telemetry,
                mqttWebSocketPort,
                kmsHsm,
                mqtt,
                monitor,
                compliance,
                incidents,
                regions,
                firmwareKeysInHsm,
                masterKeyKdf,
                raw);
    }

    /** Names only where a value may have come from a secret: a resolved configuration is never printed whole. */
    @Override
    public String toString() {
        return "WardenConfig{region=" + region + ", account=" + account + ", dataDir=" + dataDir + "}";
    }

    /** The base URL that certificates name for CRL and OCSP. */
    public String effectivePublicUrl() {
        String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + publicPort : publicUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The HTTP layer's view of this configuration. */
    public dev.warden.api.ApiSettings apiSettings() {
        return new dev.warden.api.ApiSettings(region, account, crlUrl(), ocspUrl(), hsm);
    }

    /** Compliance's view of this configuration: its thresholds, and how often and how fast it runs. */
    public dev.warden.compliance.ComplianceSettings complianceSettings() {
        return dev.warden.compliance.ComplianceSettings.defaults(region, account)
                .withThresholds(
                        compliance.certificateMaxAge(),
                        compliance.unusedAfter(),
                        compliance.keyRotation(),
                        compliance.secretRotation(),
                        compliance.auditDigestMaxAge(),
                        compliance.regionIamStaleAfter());
    }

    /** The registry's view of this configuration. */
    public dev.warden.registry.RegistrySettings registrySettings() {
        return new dev.warden.registry.RegistrySettings(
                region, account, certValidity, crlUrl(), ocspUrl(), rotationOverlap);
    }

    public String crlUrl() {
        return effectivePublicUrl() + "/crl/" + region + ".crl";
    }

    public String ocspUrl() {
        return effectivePublicUrl() + "/ocsp/" + region;
    }

    public WardenConfig withPorts(int admin, int pub, int mqtt) {
        return new WardenConfig(
                region,
                account,
                dataDir,
                db,
                bind,
                admin,
                pub,
                mqtt,
                publicUrl,
                hostnames,
                certValidity,
                crlRefresh,
                rotationOverlap,
                hsm,
                masterKeyPassphraseFile,
                audit,
                firewall,
                telemetry,
                mqttWebSocketPort,
                kmsHsm,
                this.mqtt,
                monitor,
                compliance,
                incidents,
                regions,
                firmwareKeysInHsm,
                masterKeyKdf,
                settings);
    }
}
