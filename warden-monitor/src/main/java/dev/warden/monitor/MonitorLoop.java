package dev.warden.monitor;

import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.Observation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor thread: the only thread that touches the {@link DetectionEngine}. Producers hand observations over a
 * bounded queue and never wait (what overflows is counted, never blocks the gateway); every {@code interval} the
 * loop takes a datapoint and gives the alarms raised and cleared to the {@link AlarmSink}. Other work on the engine
 * (installing profiles, restoring alarms, teaching baselines) is passed in with {@link #call}.
 */
public final class MonitorLoop implements ObservationSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorLoop.class);
    private static final int BATCH = 4_096;

    private final DetectionEngine engine;
    private final AlarmSink sink;
    private final Clock clock;
    private final long intervalMillis;
    /** {@link Observation}s, and arrays of those an event produced together ({@link #acceptAll}). */
    private final BlockingQueue<Object> queue;

    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong observed = new AtomicLong();
    private final AtomicLong datapoints = new AtomicLong();
    /** Published by the loop at each datapoint, so that a metrics scrape never waits for the loop. */
    private volatile int targets;

    private final Thread thread;
    private volatile boolean running = true;

    public MonitorLoop(DetectionEngine engine, AlarmSink sink, Clock clock, Duration interval, int queueCapacity) {
        this.engine = engine;
        this.sink = sink;
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "warden-monitor");
        this.thread.setDaemon(true);
    }

    public MonitorLoop start() {
        thread.start();
        return this;
    }

    @Override
    public void accept(Observation observation) {
        if (!queue.offer(observation)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void acceptAll(Observation... observations) {
        if (!queue.offer(observations)) {
            dropped.addAndGet(observations.length);
        }
    }

    /** Runs {@code op} on the monitor thread, between datapoints. */
    public <T> CompletableFuture<T> call(Function<DetectionEngine, T> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            try {
                result.complete(op.apply(engine));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Observations refused because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    public long observed() {
        return observed.get();
    }

    public long datapoints() {
        return datapoints.get();
    }

    /** Targets (things, addresses, users, principals) the engine held state for at the last datapoint. */
    public int targets() {
        return targets;
    }

    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        long next = clock.millis() + intervalMillis;
        while (running) {
            try {
                long wait = next - clock.millis();
                if (wait > 0) {
                    Object first = queue.poll(Math.min(wait, 50), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, BATCH - 1);
                        observe(batch);
                        batch.clear();
                    }
                }
                runCalls();
                long now = clock.millis();
                if (now >= next) {
                    datapoint(now);
                    next = Math.max(next + intervalMillis, now + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The loop must outlive any bad observation or sink failure: monitoring that stops is silent.
                LOG.error("monitor loop step failed", e);
            }
        }
    }

    private void observe(List<Object> items) {
        long n = 0;
        for (Object item : items) {
            if (item instanceof Observation o) {
                engine.observe(o);
                n++;
            } else {
                for (Observation o : (Observation[]) item) {
                    engine.observe(o);
                    n++;
                }
            }
        }
        observed.addAndGet(n);
    }

    private void runCalls() {
        Runnable call;
        while ((call = calls.poll()) != null) {
            call.run();
        }
    }

    private void datapoint(long now) {
        // Everything queued before the datapoint counts in it.
        List<Object> pending = new ArrayList<>();
        queue.drainTo(pending);
        observe(pending);
        List<AlarmTransition> transitions = engine.evaluate(now);
        targets = engine.targetCount();
        datapoints.incrementAndGet();
        if (!transitions.isEmpty()) {
            sink.onTransitions(transitions);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
