package dev.warden.compliance.reports;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Control;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.StoredFinding;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What every format of one framework report shares: the input, the framework's posture judged from it, and which of
 * the framework's controls each check gives evidence for. Findings come sorted the way a reader triages them: open
 * first, then by severity, check and resource.
 */
record ReportContext(ReportInput input, FrameworkPosture posture, Map<CheckId, List<Control>> controlsByCheck) {

    static final Comparator<StoredFinding> TRIAGE_ORDER = Comparator.comparing(ReportContext::statusRank)
            .thenComparing(f -> f.finding().severity())
            .thenComparing(f -> f.finding().check())
            .thenComparing(f -> f.finding().resourceArn())
            .thenComparingLong(StoredFinding::id);

    static ReportContext of(Framework framework, ReportInput input) {
        FrameworkPosture posture = FrameworkPosture.assess(framework, input.findings(), input.checksRun());
        Map<CheckId, List<Control>> byCheck = new EnumMap<>(CheckId.class);
        for (CheckId check : CheckId.values()) {
            byCheck.put(check, FrameworkPosture.controlsOf(framework, check));
        }
        return new ReportContext(input, posture, byCheck);
    }

    Framework framework() {
        return posture.framework();
    }

    List<StoredFinding> findings() {
        return input.findings().stream().sorted(TRIAGE_ORDER).toList();
    }

    List<Control> controlsOf(CheckId check) {
        return controlsByCheck.get(check);
    }

    List<String> controlIds(CheckId check) {
        return controlsOf(check).stream().map(Control::id).toList();
    }

    private static int statusRank(StoredFinding f) {
        if (f.status() == FindingStatus.OPEN) {
            return 0;
        }
        return f.status() == FindingStatus.SUPPRESSED ? 1 : 2;
    }
}
