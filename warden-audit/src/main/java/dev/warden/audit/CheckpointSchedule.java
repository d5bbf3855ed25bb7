package dev.warden.audit;

/**
 * When the writer signs a checkpoint: every so many events, when the oldest unsigned event has waited the digest
 * interval, and on a heartbeat (the interval since the last checkpoint) even when nothing happened, so that a missing
 * newest checkpoint shows as a gap in time. Owned by the writer thread.
 */
final class CheckpointSchedule {
    private final long intervalNanos;
    private final long everyEvents;
    private long oldestUndigestedNanos = -1;
    private long lastCheckpointNanos;

    CheckpointSchedule(AuditSettings settings) {
        this.intervalNanos = settings.digestInterval().toNanos();
        this.everyEvents = settings.digestEveryEvents();
    }

    /** After the head is (re)loaded: the heartbeat counts from the last checkpoint, unsigned events from now. */
    void reset(ChainHead head, long now) {
        oldestUndigestedNanos = head.lastSeq() > head.signedUpTo() ? now : -1;
        AuditDigest last = head.lastDigest();
        lastCheckpointNanos = last == null ? now : last.createdAtNanos();
    }

    /** Events were chained that no checkpoint covers yet. */
    void eventsAdded(long now) {
        if (oldestUndigestedNanos < 0) {
            oldestUndigestedNanos = now;
        }
    }

    /** A checkpoint created at {@code createdAtNanos} covers every event chained so far. */
    void checkpointed(long createdAtNanos) {
        lastCheckpointNanos = createdAtNanos;
        oldestUndigestedNanos = -1;
    }

    /** How long the writer may wait for the next event before a checkpoint is due. */
    long pollMillis(long now) {
        long heartbeatIn = (lastCheckpointNanos + intervalNanos - now) / 1_000_000;
        if (oldestUndigestedNanos < 0) {
            return Math.max(1, heartbeatIn);
        }
        long dueIn = (oldestUndigestedNanos + intervalNanos - now) / 1_000_000;
        return Math.max(1, Math.min(dueIn, heartbeatIn));
    }

    /** Whether a checkpoint is due with {@code undigested} events not covered by one. */
    boolean due(long undigested, long now) {
        if (now - lastCheckpointNanos >= intervalNanos) {
            return true;
        }
        if (undigested <= 0) {
            return false;
        }
        return undigested >= everyEvents || oldestUndigestedNanos >= 0 && now - oldestUndigestedNanos >= intervalNanos;
    }
}
