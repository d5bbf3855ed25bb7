package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.AuditView;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/**
 * AUDIT_CHAIN_BROKEN: the audit trail's verifier (hash chain, signed checkpoints, key validity) found a problem in
 * the events recorded since its last intact verification: an event changed, removed or inserted, a checkpoint forged.
 * Until the trail verifies again, its record of what happened cannot be trusted.
 */
final class AuditChainBroken implements Check {
    private static final int SHOWN = 3;

    @Override
    public CheckId id() {
        return CheckId.AUDIT_CHAIN_BROKEN;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        AuditView audit = inventory.audit();
        if (audit.problems().isEmpty()) {
            return List.of();
        }
        List<String> shown =
                audit.problems().subList(0, Math.min(SHOWN, audit.problems().size()));
        return List.of(Findings.of(
                id(),
                context.arn("audit", "trail/" + context.settings().region()),
                "CHAIN_DOES_NOT_VERIFY",
                audit.problems().size() + " problem(s): " + String.join("; ", shown)
                        + (audit.problems().size() > SHOWN ? "; ..." : ""),
                "Stop and investigate: run warden audit verify against the anchor and the witness, keep a copy of"
                        + " the database as evidence, and restart the node so that it quarantines what it did not"
                        + " write."));
    }
}
