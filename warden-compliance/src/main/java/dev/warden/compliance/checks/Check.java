package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/** One posture check: what it finds in an inventory, at the context's time. Pure. */
public interface Check {
    CheckId id();

    /** Every finding of this check; an empty list says every resource it looked at passed. */
    List<Finding> evaluate(Inventory inventory, CheckContext context);
}
