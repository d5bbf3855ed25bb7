package dev.warden.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds the gateway enforces on every client. Every bound protects the broker from one client exhausting memory or
 * CPU that the others share, so none of them can be switched off.
 *
 * @param maxPacketSize          largest MQTT packet accepted (bytes, whole packet); larger ones close the connection
 * @param maxClientIdLength      longest client identifier accepted (characters)
 * @param maxTopicLength         longest topic name or filter (UTF-8 bytes)
 * @param maxTopicLevels         most '/'-separated levels in a topic name or filter
 * @param maxSubscriptionsPerClient most subscriptions one session may hold
 * @param maxInflight            most unacknowledged QoS 1/2 messages per direction and client (MQTT 5 Receive Maximum)
 * @param maxQueuedMessages      most QoS 1/2 messages queued for one session while it is offline or its window is full
 * @param minKeepAlive           shortest keep-alive the gateway accepts; shorter requests are raised to it
 * @param maxKeepAlive           longest keep-alive (also used when a client asks for none)
 * @param connectTimeout         time from TCP accept to a completed CONNECT (TLS handshake included)
 * @param maxSessionExpiry       longest time a persistent session outlives its connection
 * @param maxRetainedMessages    most retained messages kept by the broker
 * @param maxConnections         most simultaneous TCP connections; more are closed on accept, before TLS
 * @param maxConnecting          most connections between accept and a completed CONNECT (TLS handshake and
 *                               authentication), both ports together; at this many the gateway stops accepting until
 *                               a quarter of them are done, and new connections wait in the kernel's accept queue.
 *                               Taking on more handshakes than the CPU can finish within the connect timeout makes
 *                               them all time out together (measured: 9,245 of 10,000 devices reconnecting at once)
 */
public record GatewayLimits(
        int maxPacketSize,
        int maxClientIdLength,
        int maxTopicLength,
        int maxTopicLevels,
        int maxSubscriptionsPerClient,
        int maxInflight,
        int maxQueuedMessages,
        Duration minKeepAlive,
        Duration maxKeepAlive,
        Duration connectTimeout,
        Duration maxSessionExpiry,
        int maxRetainedMessages,
        int maxConnections,
        int maxConnecting) {

    public GatewayLimits {
        positive(maxPacketSize, "maxPacketSize");
        positive(maxClientIdLength, "maxClientIdLength");
        positive(maxTopicLength, "maxTopicLength");
        positive(maxTopicLevels, "maxTopicLevels");
        positive(maxSubscriptionsPerClient, "maxSubscriptionsPerClient");
        positive(maxQueuedMessages, "maxQueuedMessages");
        positive(maxRetainedMessages, "maxRetainedMessages");
        positive(maxConnections, "maxConnections");
        positive(maxConnecting, "maxConnecting");
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535");
        }
        Objects.requireNonNull(minKeepAlive, "minKeepAlive");
        Objects.requireNonNull(maxKeepAlive, "maxKeepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(maxSessionExpiry, "maxSessionExpiry");
        if (minKeepAlive.isNegative()
                || minKeepAlive.compareTo(maxKeepAlive) > 0
                || maxKeepAlive.toSeconds() > 65_535
                || maxKeepAlive.toSeconds() < 1) {
            throw new IllegalArgumentException("keep-alive bounds must satisfy 0 <= min <= max <= 65535 s, max >= 1 s");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (maxSessionExpiry.isNegative()) {
            throw new IllegalArgumentException("maxSessionExpiry must not be negative");
        }
    }

    /** Conservative defaults for constrained devices: 128 KiB packets (as AWS IoT), 8 levels, 50 subscriptions. */
    public static GatewayLimits defaults() {
        return new GatewayLimits(
                128 * 1024,
                128,
                256,
                8,
                50,
                100,
                1_000,
                Duration.ofSeconds(30),
                Duration.ofMinutes(20),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                10_000,
                50_000,
                1_024);
    }

    public GatewayLimits withMaxPacketSize(int bytes) {
        return new GatewayLimits(
                bytes,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                maxQueuedMessages,
                minKeepAlive,
                maxKeepAlive,
                connectTimeout,
                maxSessionExpiry,
                maxRetainedMessages,
                maxConnections,
                maxConnecting);
    }

    public GatewayLimits withConnectTimeout(Duration timeout) {
        return new GatewayLimits(
                maxPacketSize,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                maxQueuedMessages,
                minKeepAlive,
                maxKeepAlive,
                timeout,
                maxSessionExpiry,
                maxRetainedMessages,
                maxConnections,
                maxConnecting);
    }

    public GatewayLimits withKeepAlive(Duration min, Duration max) {
        return new GatewayLimits(
                maxPacketSize,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                maxQueuedMessages,
                min,
                max,
                connectTimeout,
                maxSessionExpiry,
                maxRetainedMessages,
                maxConnections,
                maxConnecting);
    }

    public GatewayLimits withMaxQueuedMessages(int count) {
        return new GatewayLimits(
                maxPacketSize,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                count,
                minKeepAlive,
                maxKeepAlive,
                connectTimeout,
                maxSessionExpiry,
                maxRetainedMessages,
                maxConnections,
                maxConnecting);
    }

    public GatewayLimits withMaxConnections(int count) {
        return new GatewayLimits(
                maxPacketSize,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                maxQueuedMessages,
                minKeepAlive,
                maxKeepAlive,
                connectTimeout,
                maxSessionExpiry,
                maxRetainedMessages,
                count,
                maxConnecting);
    }

    public GatewayLimits withMaxConnecting(int count) {
        return new GatewayLimits(
                maxPacketSize,
                maxClientIdLength,
                maxTopicLength,
                maxTopicLevels,
                maxSubscriptionsPerClient,
                maxInflight,
                maxQueuedMessages,
                minKeepAlive,
                maxKeepAlive,
                connectTimeout,
                maxSessionExpiry,
                maxRetainedMessages,
                maxConnections,
                count);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
