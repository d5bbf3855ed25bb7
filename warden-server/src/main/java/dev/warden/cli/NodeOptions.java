package dev.warden.cli;

import dev.warden.server.config.ConfigKey;
import dev.warden.server.config.ConfigLoader;
import dev.warden.server.config.WardenConfig;
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
        return ConfigLoader.load(flags, System.getenv(), configFile);
    }

    private static void put(Map<ConfigKey, String> flags, ConfigKey key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    public String server() {
        return server != null ? server : System.getenv("WARDEN_SERVER");
    }
}
