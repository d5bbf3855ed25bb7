package dev.warden.compliance.engine;

import dev.warden.compliance.core.CheckId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code warden-compliance} thread: every run happens here, one at a time. Changes are gathered for the debounce
 * (a policy update and its attachment, made a moment apart, cost one run) and then the union of their checks runs;
 * changes that arrive during a run are gathered for the next one. Runs asked for on demand or by the daily schedule
 * queue behind whatever is running; a full run asked for while another is still waiting to start joins it.
 */
public final class ComplianceWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceWorker.class);

    private final ComplianceEngine engine;
    private final Duration debounce;
    private final ScheduledExecutorService thread;
    private final Set<CheckId> pending = EnumSet.noneOf(CheckId.class);
    private boolean flushScheduled;
    private CompletableFuture<RunOutcome> waitingFullRun;

    public ComplianceWorker(ComplianceEngine engine, Duration debounce) {
        this.engine = engine;
        this.debounce = debounce;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-compliance");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs these checks after the debounce, with whatever else changed meanwhile. Never blocks. */
    public void onChange(Set<CheckId> checks) {
        synchronized (pending) {
            pending.addAll(checks);
            if (flushScheduled || thread.isShutdown()) {
                return;
            }
            flushScheduled = true;
        }
        thread.schedule(this::flush, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flush() {
        Set<CheckId> checks;
        synchronized (pending) {
            checks = EnumSet.noneOf(CheckId.class);
            checks.addAll(pending);
            pending.clear();
            flushScheduled = false;
        }
        if (checks.isEmpty()) {
            return;
        }
        try {
            engine.run(checks, "change");
        } catch (RuntimeException e) {
            LOG.error("the compliance run after a change failed", e);
        }
    }

    /** Queues a run of these checks; the future completes when it has been written (or fails with its cause). */
    public CompletableFuture<RunOutcome> submit(Set<CheckId> checks, String trigger) {
        boolean full = checks.containsAll(EnumSet.allOf(CheckId.class));
        synchronized (pending) {
            if (full && waitingFullRun != null) {
                return waitingFullRun;
            }
            CompletableFuture<RunOutcome> result = new CompletableFuture<>();
            if (full) {
                waitingFullRun = result;
            }
            Set<CheckId> copy = EnumSet.noneOf(CheckId.class);
            copy.addAll(checks);
            thread.execute(() -> {
                synchronized (pending) {
                    if (waitingFullRun == result) {
                        waitingFullRun = null;
                    }
                }
                try {
                    result.complete(engine.run(copy, trigger));
                } catch (RuntimeException | Error e) {
                    LOG.error("the {} compliance run failed", trigger, e);
                    result.completeExceptionally(e);
                }
            });
            return result;
        }
    }

    /** Every check: what the daily schedule and {@code warden compliance run} ask for. */
    public CompletableFuture<RunOutcome> submitFull(String trigger) {
        return submit(EnumSet.allOf(CheckId.class), trigger);
    }

    /** Stops the thread; a run in progress is interrupted at its next database call, and its transaction rolls back. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the compliance run did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
