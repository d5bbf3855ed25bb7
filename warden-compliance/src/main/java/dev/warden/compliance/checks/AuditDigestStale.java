package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * AUDIT_DIGEST_STALE: no signed checkpoint of the audit trail for longer than configured
 * ({@code compliance-audit-digest-max-age-seconds}), or none at all that long after the trail's first event. A
 * running node signs one at every heartbeat even without events, so a stale checkpoint means the writer is stuck, or
 * its signing key unusable, and recent events are covered by no signature.
 */
final class AuditDigestStale implements Check {
    @Override
    public CheckId id() {
        return CheckId.AUDIT_DIGEST_STALE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        Optional<Instant> last = inventory.audit().lastCheckpoint();
        // A trail without a checkpoint yet counts from its first event: a node just started signs at its heartbeat.
        Optional<Instant> since = last.or(() -> inventory.audit().trailStarted());
        Instant cutoff = context.now().minus(context.settings().auditDigestMaxAge());
        if (since.isEmpty() || !since.get().isBefore(cutoff)) {
            return List.of();
        }
        return List.of(Findings.of(
                id(),
                context.arn("audit", "trail/" + context.settings().region()),
                last.isEmpty() ? "NO_CHECKPOINT" : "CHECKPOINT_TOO_OLD",
                last.map(at -> "The last signed checkpoint is from " + at + ", "
                                + java.time.Duration.between(at, context.now()).toSeconds() + " s ago (at most "
                                + context.settings().auditDigestMaxAge().toSeconds() + " s)")
                        .orElse("The audit trail has no signed checkpoint although its first event is from "
                                + since.get()),
                "Check the node's log for the audit writer (warden-audit-writer) and its signing key (HSM"
                        + " reachable?); /health reports an unhealthy trail."));
    }
}
