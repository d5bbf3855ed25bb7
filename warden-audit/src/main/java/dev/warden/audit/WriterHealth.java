package dev.warden.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the writer can record: set by the writer thread after each commit, read by callers on any thread. While it
 * cannot, admin actions are refused; the reason names the failure (no secret, no bound value).
 */
final class WriterHealth {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final String region;
    private volatile boolean healthy = true;
    private volatile String reason;

    WriterHealth(String region) {
        this.region = region;
    }

    boolean healthy() {
        return healthy;
    }

    /** Why the writer cannot record, or {@code null}. */
    String reason() {
        return healthy ? null : reason;
    }

    /** A commit failed: raises the alert once per outage. */
    void failed(String why) {
        if (healthy) {
            // The alert: admin actions are refused from now on until the trail writes again.
            LOG.error(
                    "ALERT audit trail of {} cannot record: {}; admin actions are refused until it recovers",
                    region,
                    why);
        }
        reason = why;
        healthy = false;
    }

    /** A commit went through, anchors included. */
    void wrote() {
        if (!healthy) {
            LOG.warn("audit trail of {} is writing again", region);
        }
        healthy = true;
        reason = null;
    }
}
