package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import java.util.List;

/**
 * MONITORING_DISABLED: security monitoring is off ({@code monitor: off}), so no alarm is raised for a device or an
 * admin caller behaving badly. It is a node setting, read at start: no API call turns it on.
 */
final class MonitoringDisabled implements Check {
    @Override
    public CheckId id() {
        return CheckId.MONITORING_DISABLED;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        if (inventory.node().monitoringEnabled()) {
            return List.of();
        }
        return List.of(Findings.of(
                id(),
                context.arn("monitor", "node"),
                "MONITOR_OFF",
                "Security monitoring is off (monitor: off)",
                "Set monitor: on in warden.yaml (or WARDEN_MONITOR=on) and restart the node."));
    }
}
