package dev.warden.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Carries work from the I/O threads to the broker thread in batches. Handing every packet over on its own woke the
 * broker thread (and queued a task) once per message; here an I/O thread collects what its current round of reads
 * produced and hands it over once, at the end of that round, in the order it was submitted. So the packets of one
 * connection, which are always read on the same I/O thread, reach the broker in order, as before.
 */
final class BrokerInbox {
    /** Handed over early past this many, so that one long round cannot hold a large batch back. */
    static final int MAX_BATCH = 256;

    private final Consumer<List<Runnable>> brokerThread;
    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    /** @param brokerThread runs a batch's tasks, in order, on the broker thread */
    BrokerInbox(Consumer<List<Runnable>> brokerThread) {
        this.brokerThread = brokerThread;
    }

    /** Called on the I/O thread {@code io} only. */
    void submit(EventExecutor io, Runnable task) {
        Batch batch = batches.get();
        batch.tasks.add(task);
        if (batch.tasks.size() >= MAX_BATCH) {
            batch.handOver();
        } else if (!batch.scheduled) {
            batch.scheduled = true;
            try {
                // Runs after the reads of the event loop's current round.
                io.execute(batch::handOver);
            } catch (RejectedExecutionException shuttingDown) {
                // The gateway is stopping: hand over now so that no detach is lost.
                batch.handOver();
            }
        }
    }

    private final class Batch {
        private List<Runnable> tasks = new ArrayList<>();
        private boolean scheduled;

        void handOver() {
            scheduled = false;
            if (tasks.isEmpty()) {
                return;
            }
            List<Runnable> handed = tasks;
            tasks = new ArrayList<>();
            brokerThread.accept(handed);
        }
    }
}
