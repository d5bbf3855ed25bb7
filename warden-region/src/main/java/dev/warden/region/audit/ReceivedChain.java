package dev.warden.region.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * A region chain as the audit region holds it: the last event and checkpoint stored, when the last batch arrived and
 * how far its newest event lagged behind its commit time then (zero before any batch this run), and the last refusal.
 */
public record ReceivedChain(
        String region,
        long lastSeq,
        long lastDigestSeq,
        Instant lastReceivedAt,
        Duration lastBatchLag,
        String lastRefusal) {}
