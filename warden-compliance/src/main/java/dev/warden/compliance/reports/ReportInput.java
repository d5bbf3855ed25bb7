package dev.warden.compliance.reports;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.core.PostureHistoryPoint;
import dev.warden.compliance.core.StoredFinding;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every report is made from, as the engine hands it over: the stored findings (any status; resolved ones are
 * listed but count for nothing), the posture history for the chart, this node's facts, the time the report is
 * stamped with (no clock here), and the checks that have completed a run (a control whose checks have not all run is
 * "not assessed", never met by default).
 */
public record ReportInput(
        List<StoredFinding> findings,
        List<PostureHistoryPoint> history,
        NodeFacts facts,
        Instant generatedAt,
        Set<CheckId> checksRun) {

    public ReportInput {
        findings = List.copyOf(findings);
        history = List.copyOf(history);
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(generatedAt, "generatedAt");
        checksRun = checksRun.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(checksRun));
    }
}
