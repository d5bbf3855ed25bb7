package dev.warden.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * What the writer thread takes from the queue: an event, or (event {@code null}) a marker that forces a checkpoint
 * and, with a rotation, then switches keys. {@code done} is completed once the entry is committed (durable events,
 * flushes and rotations); data-plane events have none.
 */
record Pending(AuditEvent event, CompletableFuture<Long> done, Rotation rotation) {
    Pending(AuditEvent event, CompletableFuture<Long> done) {
        this(event, done, null);
    }

    /** A marker that only forces a checkpoint. */
    static Pending checkpoint() {
        return new Pending(null, null);
    }

    /**
     * Completes the waiting callers of a committed batch whose first event got {@code firstSeq + 1}: an event with its
     * seq, a flush with the head's seq, a rotation with the old key's last digest seq.
     */
    static void completeAll(List<Pending> batch, long firstSeq, ChainHead head) {
        long s = firstSeq;
        for (Pending p : batch) {
            if (p.done() != null && p.rotation() != null) {
                p.done().complete(head.lastDigest().digestSeq());
            } else if (p.done() != null) {
                p.done().complete(p.event() == null ? head.lastSeq() : ++s);
            } else if (p.event() != null) {
                s++;
            }
        }
    }

    /**
     * A switch to {@code next} after a checkpoint signed by the current key; {@code beforeSwitch} gets that
     * checkpoint's digest seq (the last the old key signs) and runs on the writer thread before any checkpoint
     * under the new key, so that the key is published (key list, anchor) before it signs anything.
     */
    record Rotation(DigestSigner next, LongConsumer beforeSwitch) {}
}
