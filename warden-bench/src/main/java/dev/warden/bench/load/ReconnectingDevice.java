package dev.warden.bench.load;

import dev.warden.device.Backoff;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A device that reconnects by itself, as a real one does: on losing its connection it waits a random jitter, then
 * retries with exponential backoff (100 ms doubling to 2 s, each wait drawn from its upper half) until the broker
 * takes it back. It keeps its source address, so its retries stay within Warden's per-address limits.
 */
final class ReconnectingDevice {
    /** The device SDK's backoff rule, at the harness's pace. */
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0);

    private final BenchDevice device;
    private final InetAddress source;
    private final Shared shared;
    private volatile LoadConnection current;
    private int failedInARow;
    private volatile long lostAt;
    private volatile long backAt;
    private volatile boolean closed;

    /**
     * What all devices of one reconnection phase share.
     *
     * @param back            counted down once per device when it is connected again
     * @param failedAttempts  attempts refused, timed out or failed in TLS or CONNECT
     * @param droppedAgain    connections lost again after a successful reconnect
     * @param portOpenAt      {@link System#nanoTime()} when the restarted broker accepted TCP; 0 until then
     * @param causesAfterOpen why attempts failed once the port was open (refusals before that say nothing)
     */
    record Shared(
            LoadClient client,
            int port,
            ScheduledExecutorService timers,
            int jitterMillis,
            CountDownLatch back,
            LongAdder failedAttempts,
            LongAdder droppedAgain,
            AtomicLong portOpenAt,
            Map<String, LongAdder> causesAfterOpen) {

        Shared(LoadClient client, int port, ScheduledExecutorService timers, int jitterMillis, CountDownLatch back) {
            this(
                    client,
                    port,
                    timers,
                    jitterMillis,
                    back,
                    new LongAdder(),
                    new LongAdder(),
                    new AtomicLong(),
                    new ConcurrentHashMap<>());
        }

        void failed(long attemptStart, Throwable failure) {
            failedAttempts.increment();
            long open = portOpenAt.get();
            if (open != 0 && attemptStart - open > 0) {
                causesAfterOpen
                        .computeIfAbsent(summary(failure), cause -> new LongAdder())
                        .increment();
            }
        }

        private static String summary(Throwable failure) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String message = String.valueOf(cause.getMessage());
            return cause.getClass().getSimpleName() + ": " + message.substring(0, Math.min(80, message.length()));
        }
    }

    ReconnectingDevice(BenchDevice device, InetAddress source, Shared shared) {
        this.device = device;
        this.source = source;
        this.shared = shared;
    }

    /** The first connection, not yet connected; connect it, then {@link #watch()}. */
    LoadConnection open() {
        current = shared.client().open(device, shared.port(), source);
        return current;
    }

    /** From now on a lost connection is taken up again. */
    void watch() {
        LoadConnection watched = current;
        watched.disconnected().thenAccept(this::lost);
    }

    private void lost(long at) {
        if (closed) {
            return;
        }
        if (backAt != 0) {
            shared.droppedAgain().increment();
        } else {
            lostAt = at;
        }
        synchronized (this) {
            failedInARow = 0;
        }
        long jitter =
                shared.jitterMillis() == 0 ? 0 : ThreadLocalRandom.current().nextLong(shared.jitterMillis() + 1);
        shared.timers().schedule(this::attempt, jitter, TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        if (closed) {
            return;
        }
        LoadConnection next = shared.client().open(device, shared.port(), source);
        long started = System.nanoTime();
        next.connect().whenComplete((ok, failure) -> {
            if (failure == null) {
                current = next;
                if (closed) {
                    next.disconnect();
                    return;
                }
                if (backAt == 0) {
                    backAt = System.nanoTime();
                    shared.back().countDown();
                }
                next.disconnected().thenAccept(this::lost);
            } else {
                shared.failed(started, failure);
                next.disconnect();
                if (closed) {
                    return;
                }
                shared.timers().schedule(this::attempt, nextBackoffMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** The wait before the next retry: in the upper half of a step that doubles with each failure in a row. */
    private synchronized long nextBackoffMillis() {
        return BACKOFF.delay(failedInARow++, ThreadLocalRandom.current()).toMillis();
    }

    /** Nanoseconds from losing the connection to being connected again; -1 while not back. */
    long reconnectNanos() {
        return backAt == 0 ? -1 : backAt - lostAt;
    }

    long backAt() {
        return backAt;
    }

    /** Stops reconnecting (the next loss is final) and closes the connection. */
    CompletableFuture<Void> close() {
        closed = true;
        return current.disconnect();
    }
}
