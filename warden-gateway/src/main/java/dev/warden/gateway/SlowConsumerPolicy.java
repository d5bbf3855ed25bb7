package dev.warden.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a subscriber that reads slower than messages arrive. While its connection is not writable (the
 * kernel send buffer and the gateway's outbound buffer are full), QoS 0 messages to it are dropped and counted and
 * QoS 1/2 messages wait in its session queue, bounded by {@link GatewayLimits#maxQueuedMessages()}. A subscriber
 * that stays unwritable for longer than {@code maxUnwritable} while messages keep coming is disconnected (without a
 * DISCONNECT packet, which could only wait behind the full buffers), so one stalled reader costs the broker bounded
 * memory and no time.
 *
 * @param maxUnwritable how long a connection may stay unwritable before it is cut off
 */
public record SlowConsumerPolicy(Duration maxUnwritable) {
    public SlowConsumerPolicy {
        Objects.requireNonNull(maxUnwritable, "maxUnwritable");
        if (maxUnwritable.isNegative() || maxUnwritable.isZero()) {
            throw new IllegalArgumentException("maxUnwritable must be positive");
        }
    }

    /** 10 seconds: long enough for a congested mobile link, short enough to free the buffers soon. */
    public static SlowConsumerPolicy defaults() {
        return new SlowConsumerPolicy(Duration.ofSeconds(10));
    }
}
