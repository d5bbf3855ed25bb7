package dev.warden.node.config;

/**
 * Every configuration key, its documented default and its description. A key {@code admin-port} is set, in order of
 * precedence, by {@code --admin-port}, by {@code WARDEN_ADMIN_PORT}, by {@code admin-port:} in warden.yaml, or
 * takes the default.
 */
public enum ConfigKey {
    REGION("region", "eu-west-1", "The node's region: part of every CA, key, record and event."),
    ACCOUNT("account", "default", "The organization (the account field of every ARN)."),
    DATA("data", "./warden-data", "Data directory: SQLite database, PKI material, admin credential."),
    DB("db", "", "Empty for SQLite under the data directory, or postgresql://user:password@host:port/database."),
    BIND("bind", "127.0.0.1", "Address the listeners bind to (0.0.0.0 to serve other machines)."),
    ADMIN_PORT("admin-port", "8443", "HTTPS admin API (TLS 1.2/1.3 only)."),
    PUBLIC_PORT("public-port", "8080", "Plain HTTP for what must be public: CRLs, OCSP, CA certificates, health."),
    MQTT_PORT("mqtt-port", "8883", "MQTT over TLS (device gateway)."),
    MQTT_WS_PORT(
            "mqtt-ws-port", "0", "MQTT over secure WebSocket (wss://host:port/mqtt, mutual TLS too); 0 turns it off."),
    MQTT_MIN_KEEP_ALIVE(
            "mqtt-min-keep-alive",
            "30",
            "Shortest MQTT keep-alive in seconds; shorter requests are raised to it (as AWS IoT), MQTT 5 clients are told."),
    MQTT_MAX_KEEP_ALIVE(
            "mqtt-max-keep-alive",
            "1200",
            "Longest MQTT keep-alive in seconds (at most 65535), also given to clients that ask for none."),
    MQTT_PUSH_BACK_MAX_PAUSE(
            "mqtt-push-back-max-pause",
            "5s",
            "Longest time a subscriber allowed iot:PushBack may hold its publishers at a time (below 1.5 x mqtt-min-keep-alive);"
                    + " then it loses messages, counted, until it has caught up."),
    MQTT_SEALED_TOPICS(
            "mqtt-sealed-topics",
            "",
            "Comma-separated MQTT topic filters (e.g. devices/+/sealed/#) whose payloads must be sealed end to end;"
                    + " a plaintext publish there is refused (MQTT 5: PUBACK 0x99) and audited."),
    PUBLIC_URL(
            "public-url",
            "",
            "Base URL of the public endpoint written into certificates (default http://localhost:<public-port>)."),
    HOSTNAMES(
            "hostnames",
            "localhost",
            "Comma-separated DNS names in the node's TLS server certificate (127.0.0.1 and ::1 are always included)."),
    CERT_VALIDITY_DAYS("cert-validity-days", "365", "Validity of device certificates."),
    CRL_REFRESH_MINUTES("crl-refresh-minutes", "60", "The CRL is rebuilt on every change and at least this often."),
    ROTATION_OVERLAP_HOURS(
            "rotation-overlap-hours", "24", "How long a rotated certificate stays ACTIVE beside its successor."),
    MQTT_ALLOW(
            "mqtt-allow",
            "",
            "Comma-separated CIDRs that may connect to the gateway (empty: any); checked before TLS."),
    MQTT_DENY("mqtt-deny", "", "Comma-separated CIDRs refused before TLS (deny wins over allow)."),
    MQTT_CONNECTION_RATE(
            "mqtt-connection-rate", "20", "New gateway connections per second per source IP (token bucket)..."),
    MQTT_CONNECTION_BURST("mqtt-connection-burst", "50", "...and the bucket's burst."),
    MQTT_MAX_CONNECTIONS_PER_IP("mqtt-max-connections-per-ip", "100", "Open gateway connections per source IP."),
    MQTT_PUBLISH_RATE(
            "mqtt-publish-rate",
            "100",
            "Publishes per second per client (burst: twice this); beyond it the client is disconnected."),
    MQTT_BAN_FAILURES(
            "mqtt-ban-failures",
            "10",
            "Failed TLS handshakes or authentications from one source IP within mqtt-ban-window that ban it..."),
    MQTT_BAN_WINDOW("mqtt-ban-window", "60s", "...the window (e.g. 60s, 5m)..."),
    MQTT_BAN_FIRST(
            "mqtt-ban-first",
            "1m",
            "...how long the first ban lasts; each further ban of the same IP, client ID or thing lasts twice as long..."),
    MQTT_BAN_MAX("mqtt-ban-max", "1h", "...up to this."),
    MQTT_BAN_EXEMPT(
            "mqtt-ban-exempt",
            "",
            "Comma-separated CIDRs never banned automatically by address (monitoring probes, health checks, scanners); their failures still count toward client ID and thing bans."),
    MQTT_BAN_CLIENT_ID_FAILURES(
            "mqtt-ban-client-id-failures",
            "10",
            "Refused authentications presenting one client ID (from any address) within mqtt-ban-client-id-window that ban the client ID..."),
    MQTT_BAN_CLIENT_ID_WINDOW("mqtt-ban-client-id-window", "60s", "...and that window."),
    MQTT_BAN_THING_FAILURES(
            "mqtt-ban-thing-failures",
            "10",
            "Refused authentications of one thing (any address, any client ID) within mqtt-ban-thing-window that ban the thing..."),
    MQTT_BAN_THING_WINDOW("mqtt-ban-thing-window", "5m", "...and that window."),
    NODE("node", "", "This node's name in audit events (default: the host name)."),
    AUDIT_DIGEST_EVENTS("audit-digest-events", "10000", "A signed audit digest is written after this many events..."),
    AUDIT_DIGEST_SECONDS(
            "audit-digest-seconds",
            "60",
            "...or once the oldest unsigned event is this many seconds old;"
                    + " also the heartbeat: a checkpoint is signed this often even with no event."),
    AUDIT_ANCHOR_DIR(
            "audit-anchor-dir",
            "",
            "Append-only copies of every signed audit checkpoint, outside the database"
                    + " (default DATA/audit-anchors; put it on another volume or a WORM mount)."),
    AUDIT_WITNESS_URL(
            "audit-witness-url",
            "",
            "https URL of another Warden node's admin API that countersigns this node's"
                    + " audit checkpoints (empty: no witness)."),
    AUDIT_WITNESS_TOKEN_FILE(
            "audit-witness-token-file",
            "",
            "File holding the bearer credential for the witness (e.g. a"
                    + " service-account key allowed audit:WitnessCheckpoint and audit:GetWitnessState on this node's trail)."),
    AUDIT_WITNESS_CA(
            "audit-witness-ca", "", "PEM file of the CA to trust for the witness's TLS (default this node's root CA)."),
    HSM(
            "hsm",
            "",
            "PKCS#11 URI of an HSM holding the CA keys, e.g. pkcs11:token=warden;module-path=/usr/lib/softhsm/libsofthsm2.so?pin-source=file:/etc/warden/pin"),
    FIRMWARE_KEY_ORIGIN(
            "firmware-key-origin",
            "auto",
            "Where new TUF signing keys of the firmware update repositories are created: auto (in the HSM when hsm is"
                    + " set, as the CA keys are; else in the KMS), kms, or hsm (needs hsm)."),
    TELEMETRY_RETENTION_DAYS(
            "telemetry-retention-days", "30", "Stored device telemetry older than this is deleted (checked hourly)."),
    TELEMETRY_STORE(
            "telemetry-store",
            "on",
            "Store every device message encrypted under its thing's key (on), or only route it (off)."),
    TELEMETRY_QUEUE_CAPACITY(
            "telemetry-queue-capacity",
            "100000",
            "Device messages waiting to be encrypted and stored; beyond it they are dropped and counted."),
    MONITOR(
            "monitor",
            "on",
            "Security monitoring of devices and admin calls (alarms within seconds); off only to measure its cost."),
    PRODUCTION(
            "production",
            "off",
            "Mark the node as production (on): compliance rates what is acceptable on a laptop (CA keys in files) as high."),
    COMPLIANCE_CERTIFICATE_MAX_AGE_DAYS(
            "compliance-certificate-max-age-days",
            "365",
            "A device certificate issued longer ago is a finding (DEVICE_CERTIFICATE_AGE): rotate it."),
    COMPLIANCE_UNUSED_CREDENTIAL_DAYS(
            "compliance-unused-credential-days",
            "90",
            "A password, API key, admin credential or certificate not used for this long is a finding (UNUSED_CREDENTIAL)."),
    COMPLIANCE_KEY_ROTATION_DAYS(
            "compliance-key-rotation-days", "365", "A KMS key not rotated for this long is a finding."),
    COMPLIANCE_SECRET_ROTATION_DAYS(
            "compliance-secret-rotation-days", "90", "A secret not rotated for this long is a finding."),
    COMPLIANCE_AUDIT_DIGEST_MAX_AGE_SECONDS(
            "compliance-audit-digest-max-age-seconds",
            "300",
            "No signed audit checkpoint for this long is a finding (AUDIT_DIGEST_STALE); at least three audit-digest-seconds."),
    COMPLIANCE_REGION_IAM_STALE_SECONDS(
            "compliance-region-iam-stale-seconds",
            "60",
            "A member region whose copy of IAM has missed the control region for longer than this is a finding (REGION_IAM_STALE)."),
    BACKUP_POLICY(
            "backup-policy",
            "",
            "Where and how often the data directory or database is backed up, in your words (e.g. nightly pg_dump to an"
                    + " off-site bucket, restore tried monthly; at most 500 characters, one line, no credentials):"
                    + " the shared-responsibility report quotes it. Empty: no backup declared."),
    INCIDENT_CLOCKS_SEV1(
            "incident-clocks-sev1",
            "",
            "Deadlines of a sev1 incident from detection, e.g. triaged=5m,communicated=15m,mitigated=30m,recovered=1h,reviewed=7d; empty: the seed's."),
    INCIDENT_CLOCKS_SEV2("incident-clocks-sev2", "", "Deadlines of a sev2 incident (as incident-clocks-sev1)."),
    INCIDENT_CLOCKS_SEV3("incident-clocks-sev3", "", "Deadlines of a sev3 incident (as incident-clocks-sev1)."),
    INCIDENT_CLOCKS_SEV4("incident-clocks-sev4", "", "Deadlines of a sev4 incident (as incident-clocks-sev1)."),
    INCIDENT_SMTP_HOST("incident-smtp-host", "", "SMTP server for incident e-mail; empty: no e-mail."),
    INCIDENT_SMTP_PORT("incident-smtp-port", "587", "The SMTP server's port."),
    INCIDENT_SMTP_TLS(
            "incident-smtp-tls",
            "starttls",
            "starttls (required), implicit (TLS from the first byte) or plain (only to a loopback host)."),
    INCIDENT_SMTP_FROM("incident-smtp-from", "", "The From address of incident e-mail."),
    INCIDENT_SMTP_USERNAME("incident-smtp-username", "", "SMTP user name; empty: no authentication."),
    INCIDENT_SMTP_PASSWORD_SECRET(
            "incident-smtp-password-secret", "", "Name of the secret (secrets manager) holding the SMTP password."),
    INCIDENT_WEBHOOK_URL(
            "incident-webhook-url",
            "",
            "Signed webhook for incident notifications (deadlines, escalations); empty: none."),
    INCIDENT_WEBHOOK_SECRET(
            "incident-webhook-secret", "", "Name of the secret (secrets manager) that signs incident webhooks."),
    INCIDENT_ONCALL_SCHEDULE(
            "incident-oncall-schedule", "", "The on-call schedule paged for incidents without a commander."),
    INCIDENT_ESCALATION_POLICY(
            "incident-escalation-policy",
            "",
            "The escalation policy (warden oncall policy put) that pages the next level when an incident is not acknowledged."),
    REGION_LINKS(
            "region-links",
            "off",
            "on: serve and use region links (mutual TLS between the regions of a deployment; warden region ...)."),
    REGION_LINK_PORT("region-link-port", "8444", "The region link server's port (mutual TLS only)."),
    REGION_LINK_URL(
            "region-link-url",
            "",
            "The URL other regions reach this node's link at (default https://<bind host>:<region-link-port>)."),
    KMS_HSM(
            "kms-hsm",
            "",
            "PKCS#11 URI of an HSM holding the region's KMS master key (instead of the passphrase-protected file), e.g. pkcs11:token=warden-kms;module-path=/usr/lib/softhsm/libsofthsm2.so?pin-source=file:/etc/warden/kms-pin"),
    MASTER_KEY_PASSPHRASE_FILE(
            "master-key-passphrase-file",
            "",
            "File holding the passphrase of the region's KMS master key (else WARDEN_MASTER_KEY_PASSPHRASE, else a passphrase generated on first start into DATA/kms/master-passphrase)."),
    MASTER_KEY_KDF(
            "master-key-kdf",
            "m=65536,t=3,p=1",
            "Argon2id cost of deriving a new master-key file's wrapping key from its passphrase: memory in KiB (at least"
                    + " 19456, OWASP's floor), passes and lanes. Read when the file is made (first start, rotation); a file"
                    + " keeps the cost it was made with.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that overrides this key, e.g. {@code WARDEN_ADMIN_PORT}. */
    public String environmentVariable() {
        return "WARDEN_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
