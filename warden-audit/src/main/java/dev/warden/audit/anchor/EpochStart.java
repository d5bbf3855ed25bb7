package dev.warden.audit.anchor;

/**
 * The node found its trail disagreeing with what it had written (events it did not write, or a trail shorter than
 * its anchors) and went on from the last state it could account for: events after {@code resumesAfterSeq} were
 * set aside (or were missing), and the chain continues from {@code headHash} in {@code epoch}.
 *
 * @param reason one of the {@link dev.warden.audit.TamperFinding.Kind} names
 */
public record EpochStart(
        String region,
        long epoch,
        long resumesAfterSeq,
        String headHash,
        String reason,
        long fromSeq,
        long toSeq,
        long timeNanos) {}
