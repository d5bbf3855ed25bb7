package dev.warden.gateway;

import java.util.Locale;

/** Why a message was not delivered to one subscriber (counted per subscriber and in total). */
public enum DropReason {
    /**
     * QoS 0 to a subscriber whose connection is not writable: it reads slower than messages arrive (the "rate"
     * reason; its kernel and gateway buffers are full).
     */
    NOT_WRITABLE,
    /** QoS 1/2 to a subscriber whose session queue holds {@link GatewayLimits#maxQueuedMessages()} already. */
    QUEUE_FULL,
    /** Larger than the MQTT 5 Maximum Packet Size the subscriber announced (MQTT 5 says: discard it). */
    TOO_LARGE,
    /** Its MQTT 5 message expiry interval ran out before it could be sent. */
    EXPIRED,
    /**
     * QoS 0 to a push-back subscriber that held its publishers for as long as {@link SlowConsumerPolicy#maxPushBack()}
     * allows and has not caught up since: it is treated like any slow subscriber until it has.
     */
    PUSH_BACK_EXPIRED;

    /** {@code not-writable}, {@code queue-full}, ...: how metrics and the CLI spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
