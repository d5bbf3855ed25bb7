package dev.warden.region.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * How far this region's chain has reached the audit region: the last seq the audit region acknowledged, the last seq
 * of the local trail, how old the oldest event not yet acknowledged is (zero when none waits), whether the audit region
 * answered the last call, when a batch was last acknowledged, and the last failure or refusal, if any.
 */
public record ShippingStatus(
        String auditRegion,
        long shippedSeq,
        long localSeq,
        Duration lag,
        boolean connected,
        Instant lastShippedAt,
        String lastError) {}
