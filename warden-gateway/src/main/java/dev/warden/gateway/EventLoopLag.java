package dev.warden.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the gateway's I/O threads are, or just were, behind. Each event loop runs a tick every 100 ms and notes
 * when one came more than 500 ms late. A TLS handshake that times out in such a period may have waited on the
 * gateway, not on the client: when a whole fleet reconnects at once after a restart, the loops hold thousands of
 * ClientHellos they have not read yet, and counting those timeouts towards bans would ban the fleet's own addresses
 * for the gateway's backlog (measured: 10,000 devices needed 76 s after the port opened; 21 s once such timeouts
 * no longer counted). A slowloris client that connects and stays silent costs the loops nothing, so while they keep
 * up its timeout still counts.
 */
final class EventLoopLag {
    static final long TICK_MILLIS = 100;
    static final long LATE_MILLIS = 500;

    private final long windowNanos;
    private volatile long lastLateAt;

    /**
     * @param window how long after a late tick the loops count as behind; twice the connect timeout, so that any
     *               handshake that was under way while they were behind is covered
     */
    EventLoopLag(Duration window) {
        this.windowNanos = window.toNanos();
        this.lastLateAt = System.nanoTime() - windowNanos;
    }

    /** Starts a tick on every loop of {@code group}; the ticks end with the group. */
    void watch(EventLoopGroup group) {
        for (EventExecutor loop : group) {
            Tick tick = new Tick();
            loop.scheduleWithFixedDelay(tick::run, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** True if a loop was more than {@link #LATE_MILLIS} late within the window. */
    boolean behindRecently() {
        return System.nanoTime() - lastLateAt < windowNanos;
    }

    /** One loop's tick; only that loop's thread touches {@code previous}. */
    private final class Tick {
        private long previous = System.nanoTime();

        void run() {
            long now = System.nanoTime();
            if (now - previous > TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS + LATE_MILLIS)) {
                lastLateAt = now;
            }
            previous = now;
        }
    }
}
