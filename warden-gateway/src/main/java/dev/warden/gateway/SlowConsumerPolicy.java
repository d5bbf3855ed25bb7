package dev.warden.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a subscriber that reads slower than messages arrive.
 *
 * <p>By default it loses messages, never the fleet its time: while its connection is not writable (the kernel send
 * buffer and the gateway's outbound buffer are full), QoS 0 messages to it are dropped and counted and QoS 1/2
 * messages wait in its session queue, bounded by {@link GatewayLimits#maxQueuedMessages()}.
 *
 * <p>A subscriber whose policies allow {@code iot:PushBack} on its client (decided at CONNECT, like iot:Connect) pushes
 * back instead: what it cannot take now, QoS 0 included, waits in its queue (up to {@code maxPushBackQueued}), and the
 * gateway stops reading from the connections whose messages are waiting, until the subscriber's connection is
 * writable again and its queue is down to a quarter of {@link GatewayLimits#maxQueuedMessages()}. A publisher is held
 * for at most {@code maxPushBack} at a time: then it is let go, and the subscriber loses QoS 0 messages (counted as
 * {@link DropReason#PUSH_BACK_EXPIRED}) until it has caught up.
 *
 * <p>Either way, a subscriber that stays unwritable for longer than {@code maxUnwritable} while messages keep coming is
 * disconnected (without a DISCONNECT packet, which could only wait behind the full buffers), so one stalled reader
 * costs the broker bounded memory and no time.
 *
 * @param maxUnwritable     how long a connection may stay unwritable before it is cut off
 * @param maxPushBack       how long a push-back subscriber may hold its publishers at a time; keep it below the
 *                          keep-alive timeout (1.5 times the shortest keep-alive: a held publisher's PINGREQs are not
 *                          read either)
 * @param maxPushBackQueued most messages a push-back subscriber's queue holds (those in flight when its publishers
 *                          were held included)
 */
public record SlowConsumerPolicy(Duration maxUnwritable, Duration maxPushBack, int maxPushBackQueued) {
    public SlowConsumerPolicy {
        positive(maxUnwritable, "maxUnwritable");
        positive(maxPushBack, "maxPushBack");
        if (maxPushBackQueued < 1) {
            throw new IllegalArgumentException("maxPushBackQueued must be positive");
        }
    }

    /** Push-back with its defaults. */
    public SlowConsumerPolicy(Duration maxUnwritable) {
        this(maxUnwritable, defaults().maxPushBack(), defaults().maxPushBackQueued());
    }

    /**
     * Cut off after 10 seconds unwritable: long enough for a congested mobile link, short enough to free the buffers
     * soon. Publishers held for at most 5 seconds, so a stuck application stalls its publishers briefly and is then
     * treated like any other slow subscriber. 50,000 queued messages: what a held publisher may still have in flight
     * (one I/O round and the broker's backlog) with room to spare.
     */
    public static SlowConsumerPolicy defaults() {
        return new SlowConsumerPolicy(Duration.ofSeconds(10), Duration.ofSeconds(5), 50_000);
    }

    public SlowConsumerPolicy withMaxPushBack(Duration maxPause) {
        return new SlowConsumerPolicy(maxUnwritable, maxPause, maxPushBackQueued);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
