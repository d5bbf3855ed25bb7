package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/**
 * DATA_RESIDENCY_VIOLATION, reserved for the multi-region work: data stored outside the region it belongs to. A node
 * serves exactly one region today and every table it writes is its region's (the readers of the inventory read only
 * this region's rows), so there is nothing that could be elsewhere: the check never fires on a single-region node.
 * It exists so that frameworks can map the control now and the multi-region work fills it in.
 */
final class DataResidencyViolation implements Check {
    @Override
    public CheckId id() {
        return CheckId.DATA_RESIDENCY_VIOLATION;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        return List.of();
    }
}
