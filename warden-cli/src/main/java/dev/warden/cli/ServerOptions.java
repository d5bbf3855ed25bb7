package dev.warden.cli;

import dev.warden.node.config.ConfigKey;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What only a running node uses: listen address and ports, certificates, audit checkpoints, the MQTT gateway's
 * limits, stored telemetry. Mixed into {@code server} and {@code init} only, so that the other commands' help does
 * not list them; {@code WARDEN_*} and warden.yaml still set them everywhere.
 */
final class ServerOptions implements NodeOptions.Settings {
    @Option(names = "--bind", description = "Listen address (default 127.0.0.1).")
    String bind;

    @Option(names = "--admin-port", description = "HTTPS admin API port (default 8443).")
    String adminPort;

    @Option(names = "--public-port", description = "Public HTTP port (default 8080).")
    String publicPort;

    @Option(names = "--mqtt-port", description = "MQTT over TLS port (default 8883).")
    String mqttPort;

    @Option(names = "--public-url", description = "Public base URL written into certificates.")
    String publicUrl;

    @Option(names = "--hostnames", description = "DNS names of the node's TLS certificate.")
    String hostnames;

    @Option(names = "--cert-validity-days", description = "Device certificate validity (default 365).")
    String certValidityDays;

    @Option(names = "--crl-refresh-minutes", description = "CRL refresh period (default 60).")
    String crlRefreshMinutes;

    @Option(names = "--rotation-overlap-hours", description = "Overlap of a rotated certificate (default 24).")
    String rotationOverlapHours;

    @Option(names = "--node", description = "This node's name in audit events (default: host name).")
    String node;

    @Option(
            names = "--audit-digest-events",
            description = "Sign an audit digest after this many events (default 10000).")
    String auditDigestEvents;

    @Option(names = "--audit-digest-seconds", description = "...or after this many seconds (default 60).")
    String auditDigestSeconds;

    @Option(
            names = "--audit-anchor-dir",
            paramLabel = "DIR",
            description =
                    "Where copies of the signed audit checkpoints go, outside the database (default DATA/audit-anchors).")
    String auditAnchorDir;

    @Option(
            names = "--audit-witness-url",
            paramLabel = "URL",
            description = "https URL of another node's admin API that countersigns this node's audit checkpoints.")
    String auditWitnessUrl;

    @Option(
            names = "--audit-witness-token-file",
            paramLabel = "FILE",
            description = "File holding the credential for the witness.")
    String auditWitnessTokenFile;

    @Option(
            names = "--audit-witness-ca",
            paramLabel = "FILE",
            description = "CA (PEM) to trust for the witness's TLS (default this node's root CA).")
    String auditWitnessCa;

    @Option(names = "--mqtt-ws-port", description = "MQTT over secure WebSocket port (default 0: off).")
    String mqttWsPort;

    @Option(
            names = "--mqtt-allow",
            paramLabel = "CIDRS",
            description = "CIDRs allowed to connect to the gateway (default: any).")
    String mqttAllow;

    @Option(names = "--mqtt-deny", paramLabel = "CIDRS", description = "CIDRs refused before TLS.")
    String mqttDeny;

    @Option(names = "--mqtt-connection-rate", description = "New connections/s per source IP (default 20).")
    String mqttConnectionRate;

    @Option(names = "--mqtt-connection-burst", description = "Burst of the per-IP connection bucket (default 50).")
    String mqttConnectionBurst;

    @Option(names = "--mqtt-max-connections-per-ip", description = "Open connections per source IP (default 100).")
    String mqttMaxConnectionsPerIp;

    @Option(names = "--mqtt-publish-rate", description = "Publishes/s per client (default 100).")
    String mqttPublishRate;

    @Option(
            names = "--mqtt-ban-failures",
            description = "Failures from one IP within --mqtt-ban-window that ban it (default 10).")
    String mqttBanFailures;

    @Option(names = "--mqtt-ban-window", description = "Window of --mqtt-ban-failures (default 60s).")
    String mqttBanWindow;

    @Option(
            names = "--mqtt-ban-first",
            description = "Length of a first automatic ban (default 1m; doubles per repeat).")
    String mqttBanFirst;

    @Option(names = "--mqtt-ban-max", description = "Longest automatic ban (default 1h).")
    String mqttBanMax;

    @Option(
            names = "--mqtt-ban-exempt",
            paramLabel = "CIDRS",
            description = "CIDRs never banned by address (monitoring, scanners).")
    String mqttBanExempt;

    @Option(
            names = "--mqtt-ban-client-id-failures",
            description = "Refused authentications of one client ID that ban it (default 10).")
    String mqttBanClientIdFailures;

    @Option(
            names = "--mqtt-ban-client-id-window",
            description = "Window of --mqtt-ban-client-id-failures (default 60s).")
    String mqttBanClientIdWindow;

    @Option(
            names = "--mqtt-ban-thing-failures",
            description = "Refused authentications of one thing that ban it (default 10).")
    String mqttBanThingFailures;

    @Option(names = "--mqtt-ban-thing-window", description = "Window of --mqtt-ban-thing-failures (default 5m).")
    String mqttBanThingWindow;

    @Option(names = "--mqtt-min-keep-alive", description = "Shortest MQTT keep-alive in seconds (default 30).")
    String mqttMinKeepAlive;

    @Option(
            names = "--mqtt-max-keep-alive",
            description = "Longest MQTT keep-alive in seconds (default 1200, at most 65535).")
    String mqttMaxKeepAlive;

    @Option(names = "--telemetry-retention-days", description = "Days device telemetry is kept (default 30).")
    String telemetryRetentionDays;

    @Option(
            names = "--telemetry-store",
            paramLabel = "on|off",
            description = "Store every device message encrypted (on, the default) or only route it (off).")
    String telemetryStore;

    @Option(
            names = "--telemetry-queue-capacity",
            description = "Device messages queued for storage before drops (default 100000).")
    String telemetryQueueCapacity;

    @Override
    public void addTo(Map<ConfigKey, String> flags) {
        NodeOptions.put(flags, ConfigKey.BIND, bind);
        NodeOptions.put(flags, ConfigKey.ADMIN_PORT, adminPort);
        NodeOptions.put(flags, ConfigKey.PUBLIC_PORT, publicPort);
        NodeOptions.put(flags, ConfigKey.MQTT_PORT, mqttPort);
        NodeOptions.put(flags, ConfigKey.PUBLIC_URL, publicUrl);
        NodeOptions.put(flags, ConfigKey.HOSTNAMES, hostnames);
        NodeOptions.put(flags, ConfigKey.CERT_VALIDITY_DAYS, certValidityDays);
        NodeOptions.put(flags, ConfigKey.CRL_REFRESH_MINUTES, crlRefreshMinutes);
        NodeOptions.put(flags, ConfigKey.ROTATION_OVERLAP_HOURS, rotationOverlapHours);
        NodeOptions.put(flags, ConfigKey.NODE, node);
        NodeOptions.put(flags, ConfigKey.AUDIT_DIGEST_EVENTS, auditDigestEvents);
        NodeOptions.put(flags, ConfigKey.AUDIT_DIGEST_SECONDS, auditDigestSeconds);
        NodeOptions.put(flags, ConfigKey.AUDIT_ANCHOR_DIR, auditAnchorDir);
        NodeOptions.put(flags, ConfigKey.AUDIT_WITNESS_URL, auditWitnessUrl);
        NodeOptions.put(flags, ConfigKey.AUDIT_WITNESS_TOKEN_FILE, auditWitnessTokenFile);
        NodeOptions.put(flags, ConfigKey.AUDIT_WITNESS_CA, auditWitnessCa);
        NodeOptions.put(flags, ConfigKey.MQTT_WS_PORT, mqttWsPort);
        NodeOptions.put(flags, ConfigKey.MQTT_ALLOW, mqttAllow);
        NodeOptions.put(flags, ConfigKey.MQTT_DENY, mqttDeny);
        NodeOptions.put(flags, ConfigKey.MQTT_CONNECTION_RATE, mqttConnectionRate);
        NodeOptions.put(flags, ConfigKey.MQTT_CONNECTION_BURST, mqttConnectionBurst);
        NodeOptions.put(flags, ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP, mqttMaxConnectionsPerIp);
        NodeOptions.put(flags, ConfigKey.MQTT_PUBLISH_RATE, mqttPublishRate);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_FAILURES, mqttBanFailures);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_WINDOW, mqttBanWindow);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_FIRST, mqttBanFirst);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_MAX, mqttBanMax);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_EXEMPT, mqttBanExempt);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_CLIENT_ID_FAILURES, mqttBanClientIdFailures);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_CLIENT_ID_WINDOW, mqttBanClientIdWindow);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_THING_FAILURES, mqttBanThingFailures);
        NodeOptions.put(flags, ConfigKey.MQTT_BAN_THING_WINDOW, mqttBanThingWindow);
        NodeOptions.put(flags, ConfigKey.MQTT_MIN_KEEP_ALIVE, mqttMinKeepAlive);
        NodeOptions.put(flags, ConfigKey.MQTT_MAX_KEEP_ALIVE, mqttMaxKeepAlive);
        NodeOptions.put(flags, ConfigKey.TELEMETRY_RETENTION_DAYS, telemetryRetentionDays);
        NodeOptions.put(flags, ConfigKey.TELEMETRY_QUEUE_CAPACITY, telemetryQueueCapacity);
        NodeOptions.put(flags, ConfigKey.TELEMETRY_STORE, telemetryStore);
    }
}
