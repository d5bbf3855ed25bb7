package dev.warden.monitor.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * The metrics a behaviour can watch. Cloud-side ones are computed by the node from what the gateway sees (named as
 * in AWS IoT Device Defender, so that its users recognise them); device-side ones come from the metrics documents
 * devices report; admin ones from the admin API's audit events. Custom device metrics are {@link #CUSTOM} with a
 * name of their own ({@code custom:<name>} in a profile).
 */
public enum Metric {
    MESSAGE_BYTE_SIZE("message-byte-size", MetricScope.THING, ValueKind.MAX, true),
    NUM_MESSAGES_SENT("num-messages-sent", MetricScope.THING, ValueKind.SUM, true),
    NUM_MESSAGES_RECEIVED("num-messages-received", MetricScope.THING, ValueKind.SUM, false),
    NUM_AUTHORIZATION_FAILURES("num-authorization-failures", MetricScope.THING, ValueKind.SUM, true),
    SOURCE_IP_ADDRESS("source-ip-address", MetricScope.THING, ValueKind.ADDRESSES, false),
    NUM_CONNECTION_ATTEMPTS("num-connection-attempts", MetricScope.THING, ValueKind.SUM, false),
    NUM_DISCONNECTS("num-disconnects", MetricScope.THING, ValueKind.SUM, false),
    /** Seconds since the thing's last connection closed, 0 while connected. */
    DISCONNECT_DURATION("disconnect-duration", MetricScope.THING, ValueKind.LATEST, false),
    NUM_TLS_HANDSHAKE_FAILURES("num-tls-handshake-failures", MetricScope.SOURCE_IP, ValueKind.SUM, false),
    NUM_DISTINCT_TOPICS("num-distinct-topics", MetricScope.THING, ValueKind.DISTINCT, true),
    NUM_CLIENT_IDS("num-client-ids", MetricScope.THING, ValueKind.DISTINCT, false),
    /**
     * Distinct source addresses the thing connected from in the window. A device that moves (roaming, a new DHCP
     * lease) counts too: for devices that never move.
     */
    CONNECTED_FROM_DISTINCT_IPS("connected-from-distinct-ips", MetricScope.THING, ValueKind.DISTINCT, false),
    /**
     * Sessions of the thing taken over by a connection of the same thing from another address while the first was
     * still connected. One is a device that moved before its old connection timed out; two or more in a window are
     * two holders of one certificate taking the session from each other.
     */
    NUM_ADDRESS_TAKEOVERS("num-address-takeovers", MetricScope.THING, ValueKind.SUM, false),
    /**
     * Boot attestations of the thing the node refused: an unknown, revoked or rolled-back image, a bad signature, or
     * no fresh nonce. A working device never has one.
     */
    NUM_ATTESTATION_FAILURES("num-attestation-failures", MetricScope.THING, ValueKind.SUM, false),

    BYTES_IN("bytes-in", MetricScope.THING, ValueKind.SUM, false),
    BYTES_OUT("bytes-out", MetricScope.THING, ValueKind.SUM, false),
    PACKETS_IN("packets-in", MetricScope.THING, ValueKind.SUM, false),
    PACKETS_OUT("packets-out", MetricScope.THING, ValueKind.SUM, false),
    LISTENING_TCP_PORTS("listening-tcp-ports", MetricScope.THING, ValueKind.PORTS, false),
    LISTENING_UDP_PORTS("listening-udp-ports", MetricScope.THING, ValueKind.PORTS, false),
    NUM_LISTENING_TCP_PORTS("num-listening-tcp-ports", MetricScope.THING, ValueKind.LATEST, false),
    NUM_LISTENING_UDP_PORTS("num-listening-udp-ports", MetricScope.THING, ValueKind.LATEST, false),
    NUM_ESTABLISHED_TCP_CONNECTIONS("num-established-tcp-connections", MetricScope.THING, ValueKind.LATEST, false),
    DESTINATION_IP_ADDRESSES("destination-ip-addresses", MetricScope.THING, ValueKind.ADDRESSES, false),
    CUSTOM("custom", MetricScope.THING, ValueKind.LATEST, false),

    NUM_FAILED_LOGINS("num-failed-logins", MetricScope.USER, ValueKind.SUM, false),
    NUM_FAILED_LOGINS_FROM_ADDRESS("num-failed-logins-from-address", MetricScope.SOURCE_IP, ValueKind.SUM, false),
    NUM_DENIED_ADMIN_CALLS("num-denied-admin-calls", MetricScope.PRINCIPAL, ValueKind.SUM, false),
    NUM_SECRETS_READ("num-secrets-read", MetricScope.PRINCIPAL, ValueKind.SUM, false),
    NUM_KEY_USES("num-key-uses", MetricScope.PRINCIPAL, ValueKind.SUM, false);

    public static final String CUSTOM_PREFIX = "custom:";

    private final String id;
    private final MetricScope scope;
    private final ValueKind kind;
    private final boolean topicDimension;

    Metric(String id, MetricScope scope, ValueKind kind, boolean topicDimension) {
        this.id = id;
        this.scope = scope;
        this.kind = kind;
        this.topicDimension = topicDimension;
    }

    /** The name used in profiles, alarms and the API. */
    public String id() {
        return id;
    }

    public MetricScope scope() {
        return scope;
    }

    public ValueKind kind() {
        return kind;
    }

    /** Whether a behaviour on this metric may be narrowed to a topic filter. */
    public boolean takesTopicFilter() {
        return topicDimension;
    }

    /** The metric named {@code id} (never {@link #CUSTOM}: custom metrics are named {@code custom:<name>}). */
    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values())
                .filter(m -> m != CUSTOM && m.id.equals(id))
                .findFirst();
    }
}
