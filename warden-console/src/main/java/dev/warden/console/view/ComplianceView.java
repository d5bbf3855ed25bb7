package dev.warden.console.view;

import java.util.List;
import java.util.Map;

/**
 * The compliance page: open findings per severity, the open findings (most severe first), the suppressions that set
 * findings aside, the frameworks whose reports can be downloaded, and the formats they come in. The posture per
 * framework is a panel of its own (its own decision, {@code compliance:GetReport}).
 */
public record ComplianceView(
        Frame frame,
        Map<String, Long> openBySeverity,
        List<FindingRow> open,
        List<SuppressedRow> suppressed,
        List<String> frameworks,
        List<String> formats) {
    /** One finding; {@code fix} is the CLI command of its one-command fix, empty when it has none. */
    public record FindingRow(
            long id, String check, String severity, String resource, String reason, String remediation, String fix) {}

    /** One suppressed finding with the suppression that sets it aside. */
    public record SuppressedRow(
            long findingId,
            String check,
            String resource,
            long suppressionId,
            String reason,
            String owner,
            String until,
            boolean baseline) {}
}
