package dev.warden.cli;

import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every subcommand accepts, anywhere on the line. A flag overrides {@code WARDEN_*}, which overrides
 * warden.yaml, which overrides the documented default.
 */
public final class NodeOptions {
    @Option(names = "--data", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Data directory (default ./warden-data).")
    String data;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "Admin API URL of the node (default: from the data directory).")
    String server;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "warden.yaml to read (default ./warden.yaml when present).")
    Path configFile;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "URL", description = "postgresql://user:password@host:port/db (default: SQLite in the data directory).")
    String db;

    @Option(names = "--region", scope = ScopeType.INHERIT, description = "Region of this node (default eu-west-1).")
    String region;

    @Option(names = "--account", scope = ScopeType.INHERIT, description = "Account (organization) of this node (default 'default').")
    String account;

    @Option(names = "--bind", scope = ScopeType.INHERIT, description = "Listen address (default 127.0.0.1).")
    String bind;

    @Option(names = "--admin-port", scope = ScopeType.INHERIT, description = "HTTPS admin API port (default 8443).")
    String adminPort;

    @Option(names = "--public-port", scope = ScopeType.INHERIT, description = "Public HTTP port (default 8080).")
    String publicPort;

    @Option(names = "--mqtt-port", scope = ScopeType.INHERIT, description = "MQTT over TLS port (default 8883).")
    String mqttPort;

    @Option(names = "--public-url", scope = ScopeType.INHERIT, description = "Public base URL written into certificates.")
    String publicUrl;

    @Option(names = "--hostnames", scope = ScopeType.INHERIT, description = "DNS names of the node's TLS certificate.")
    String hostnames;

    @Option(names = "--cert-validity-days", scope = ScopeType.INHERIT, description = "Device certificate validity (default 365).")
    String certValidityDays;

    @Option(names = "--crl-refresh-minutes", scope = ScopeType.INHERIT, description = "CRL refresh period (default 60).")
    String crlRefreshMinutes;

    @Option(names = "--rotation-overlap-hours", scope = ScopeType.INHERIT, description = "Overlap of a rotated certificate (default 24).")
    String rotationOverlapHours;

    @Option(names = "--hsm", scope = ScopeType.INHERIT, paramLabel = "PKCS11-URI", description = "Keep CA keys in a PKCS#11 HSM.")
    String hsm;

    @Option(names = "--kms-hsm", scope = ScopeType.INHERIT, paramLabel = "PKCS11-URI",
            description = "Keep the region's KMS master key in a PKCS#11 HSM (instead of the passphrase-protected file).")
    String kmsHsm;

    @Option(names = "--master-key-passphrase-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding the KMS master-key passphrase (else WARDEN_MASTER_KEY_PASSPHRASE or DATA/kms/master-passphrase).")
    Path masterKeyPassphraseFile;

    @Option(names = "--node", scope = ScopeType.INHERIT, description = "This node's name in audit events (default: host name).")
    String node;
    @Option(names = "--audit-digest-events", scope = ScopeType.INHERIT, description = "Sign an audit digest after this many events (default 10000).")
    String auditDigestEvents;
    @Option(names = "--audit-digest-seconds", scope = ScopeType.INHERIT, description = "...or after this many seconds (default 60).")
    String auditDigestSeconds;
    @Option(names = "--audit-anchor-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where copies of the signed audit checkpoints go, outside the database (default DATA/audit-anchors).")
    String auditAnchorDir;
    @Option(names = "--audit-witness-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "https URL of another node's admin API that countersigns this node's audit checkpoints.")
    String auditWitnessUrl;
    @Option(names = "--audit-witness-token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding the credential for the witness.")
    String auditWitnessTokenFile;
    @Option(names = "--audit-witness-ca", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "CA (PEM) to trust for the witness's TLS (default this node's root CA).")
    String auditWitnessCa;
    @Option(names = "--mqtt-ws-port", scope = ScopeType.INHERIT, description = "MQTT over secure WebSocket port (default 0: off).")
    String mqttWsPort;
    @Option(names = "--mqtt-min-keep-alive", scope = ScopeType.INHERIT, description = "Shortest MQTT keep-alive in seconds (default 30).")
    String mqttMinKeepAlive;
    @Option(names = "--mqtt-max-keep-alive", scope = ScopeType.INHERIT, description = "Longest MQTT keep-alive in seconds (default 1200, at most 65535).")
    String mqttMaxKeepAlive;
    @Option(names = "--mqtt-allow", scope = ScopeType.INHERIT, paramLabel = "CIDRS", description = "CIDRs allowed to connect to the gateway (default: any).")
    String mqttAllow;
    @Option(names = "--mqtt-deny", scope = ScopeType.INHERIT, paramLabel = "CIDRS", description = "CIDRs refused before TLS.")
    String mqttDeny;
    @Option(names = "--mqtt-connection-rate", scope = ScopeType.INHERIT, description = "New connections/s per source IP (default 20).")
    String mqttConnectionRate;
    @Option(names = "--mqtt-connection-burst", scope = ScopeType.INHERIT, description = "Burst of the per-IP connection bucket (default 50).")
    String mqttConnectionBurst;
    @Option(names = "--mqtt-max-connections-per-ip", scope = ScopeType.INHERIT, description = "Open connections per source IP (default 100).")
    String mqttMaxConnectionsPerIp;
    @Option(names = "--mqtt-publish-rate", scope = ScopeType.INHERIT, description = "Publishes/s per client (default 100).")
    String mqttPublishRate;
    @Option(names = "--telemetry-retention-days", scope = ScopeType.INHERIT, description = "Days device telemetry is kept (default 30).")
    String telemetryRetentionDays;
    @Option(names = "--telemetry-store", scope = ScopeType.INHERIT, paramLabel = "on|off",
            description = "Store every device message encrypted (on, the default) or only route it (off).")
    String telemetryStore;
    @Option(names = "--telemetry-queue-capacity", scope = ScopeType.INHERIT, description = "Device messages queued for storage before drops (default 100000).")
    String telemetryQueueCapacity;
    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Bearer token to call the admin API with (else WARDEN_TOKEN, else DATA/admin-credential).")
    Path tokenFile;

    @Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Client certificate (PEM) of a service account to call the admin API with, instead of a token (else WARDEN_CLIENT_CERT).")
    Path clientCert;
    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Private key (PEM) of --cert (else WARDEN_CLIENT_KEY).")
    Path clientKey;

    /** The resolved configuration. */
    public WardenConfig config() {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        put(flags, ConfigKey.DATA, data);
        put(flags, ConfigKey.DB, db);
        put(flags, ConfigKey.REGION, region);
        put(flags, ConfigKey.ACCOUNT, account);
        put(flags, ConfigKey.BIND, bind);
        put(flags, ConfigKey.ADMIN_PORT, adminPort);
        put(flags, ConfigKey.PUBLIC_PORT, publicPort);
        put(flags, ConfigKey.MQTT_PORT, mqttPort);
        put(flags, ConfigKey.PUBLIC_URL, publicUrl);
        put(flags, ConfigKey.HOSTNAMES, hostnames);
        put(flags, ConfigKey.CERT_VALIDITY_DAYS, certValidityDays);
        put(flags, ConfigKey.CRL_REFRESH_MINUTES, crlRefreshMinutes);
        put(flags, ConfigKey.ROTATION_OVERLAP_HOURS, rotationOverlapHours);
        put(flags, ConfigKey.HSM, hsm);
        put(flags, ConfigKey.KMS_HSM, kmsHsm);
        put(flags, ConfigKey.NODE, node);
        put(flags, ConfigKey.AUDIT_DIGEST_EVENTS, auditDigestEvents);
        put(flags, ConfigKey.AUDIT_DIGEST_SECONDS, auditDigestSeconds);
        put(flags, ConfigKey.AUDIT_ANCHOR_DIR, auditAnchorDir);
        put(flags, ConfigKey.AUDIT_WITNESS_URL, auditWitnessUrl);
        put(flags, ConfigKey.AUDIT_WITNESS_TOKEN_FILE, auditWitnessTokenFile);
        put(flags, ConfigKey.AUDIT_WITNESS_CA, auditWitnessCa);
        put(flags, ConfigKey.MQTT_WS_PORT, mqttWsPort);
        put(flags, ConfigKey.MQTT_MIN_KEEP_ALIVE, mqttMinKeepAlive);
        put(flags, ConfigKey.MQTT_MAX_KEEP_ALIVE, mqttMaxKeepAlive);
        put(flags, ConfigKey.MQTT_ALLOW, mqttAllow);
        put(flags, ConfigKey.MQTT_DENY, mqttDeny);
        put(flags, ConfigKey.MQTT_CONNECTION_RATE, mqttConnectionRate);
        put(flags, ConfigKey.MQTT_CONNECTION_BURST, mqttConnectionBurst);
        put(flags, ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP, mqttMaxConnectionsPerIp);
        put(flags, ConfigKey.MQTT_PUBLISH_RATE, mqttPublishRate);
        put(flags, ConfigKey.TELEMETRY_RETENTION_DAYS, telemetryRetentionDays);
        put(flags, ConfigKey.TELEMETRY_QUEUE_CAPACITY, telemetryQueueCapacity);
        put(flags, ConfigKey.TELEMETRY_STORE, telemetryStore);
        put(flags, ConfigKey.MASTER_KEY_PASSPHRASE_FILE, masterKeyPassphraseFile == null ? null : masterKeyPassphraseFile.toString());
        return ConfigLoader.load(flags, System.getenv(), configFile);
    }

    private static void put(Map<ConfigKey, String> flags, ConfigKey key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    /** The token file given with --token-file, if any. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The service-account certificate to authenticate with: --cert, else WARDEN_CLIENT_CERT; null for none. */
    public Path clientCertificate() {
        return clientCert != null ? clientCert : pathFromEnv("WARDEN_CLIENT_CERT");
    }

    /** The key of {@link #clientCertificate()}: --key, else WARDEN_CLIENT_KEY; null for none. */
    public Path clientKey() {
        return clientKey != null ? clientKey : pathFromEnv("WARDEN_CLIENT_KEY");
    }

    private static Path pathFromEnv(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    public String server() {
        return server != null ? server : System.getenv("WARDEN_SERVER");
    }
}
