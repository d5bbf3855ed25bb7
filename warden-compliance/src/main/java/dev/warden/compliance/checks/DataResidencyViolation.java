package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.ReplicationView;
import java.util.List;

/**
 * DATA_RESIDENCY_VIOLATION: a bucket's replication rule whose destination the deployment's current jurisdictions keep
 * apart from this region. Such a rule is refused when written, so it can only exist because the table changed after
 * it (a region moved, a jurisdiction removed); replication refuses to send under it at both ends, and the finding
 * says that the rule, which would move data out of its jurisdiction if the check at the link were ever wrong, is
 * still there. A node without region links has no rules and never fires.
 */
final class DataResidencyViolation implements Check {
    @Override
    public CheckId id() {
        return CheckId.DATA_RESIDENCY_VIOLATION;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        return inventory.buckets().replication().stream()
                .filter(r -> !r.residencyAllowed())
                .map(DataResidencyViolation::finding)
                .toList();
    }

    private static Finding finding(ReplicationView r) {
        return Findings.of(
                CheckId.DATA_RESIDENCY_VIOLATION,
                r.arn(),
                "REPLICATION_OUT_OF_JURISDICTION",
                "Bucket " + r.bucket() + " replicates to " + r.destination()
                        + ", which the deployment's jurisdictions keep apart from this region",
                "Delete the rule (warden bucket replication delete " + r.bucket() + "), or, in the control region,"
                        + " put both regions in one jurisdiction if the law allows it.");
    }
}
