package dev.warden.console;

import dev.warden.compliance.engine.ComplianceAudit;
import dev.warden.compliance.engine.ComplianceService;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the compliance pages work with, as the node built it for the API's {@code ComplianceApi}: the same service
 * (findings, suppressions, posture history), the same ARNs of findings and reports, and the node's facts that every
 * report states.
 */
public record ComplianceServices(
        ComplianceService compliance, ComplianceAudit arns, Supplier<dev.warden.compliance.core.NodeFacts> facts) {
    public ComplianceServices {
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(arns, "arns");
        Objects.requireNonNull(facts, "facts");
    }
}
