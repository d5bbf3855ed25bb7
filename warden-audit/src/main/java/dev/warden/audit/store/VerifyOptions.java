package dev.warden.audit.store;

import dev.warden.audit.anchor.AnchorLog;
import java.time.Duration;

/**
 * What a verification trusts besides the public keys, and what it tolerates.
 *
 * @param anchor            what a trusted anchor recorded (checkpoints, heads, epochs); {@link AnchorLog#EMPTY} for none
 * @param allowUnsignedTail accept events after the last checkpoint however old they are (the operator says so knowingly)
 * @param unsignedTailGrace how long a running node may leave events unsigned (twice its heartbeat): older unsigned
 *                          events mean it was killed, or someone appended them
 * @param nodeRunning       whether the node that writes the trail runs now; a stopped node signs everything when it
 *                          stops, so any unsigned tail of a stopped node is a crash or an append by someone else
 * @param nowNanos          the verifier's clock, UTC epoch nanoseconds
 */
public record VerifyOptions(
        AnchorLog anchor, boolean allowUnsignedTail, Duration unsignedTailGrace, boolean nodeRunning, long nowNanos) {
    /** Only the chain and its signatures: no anchor, any unsigned tail accepted (tools that verify a copy). */
    public static VerifyOptions chainOnly() {
        return new VerifyOptions(AnchorLog.EMPTY, true, Duration.ZERO, true, 0);
    }
}
