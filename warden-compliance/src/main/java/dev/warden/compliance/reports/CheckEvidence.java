package dev.warden.compliance.reports;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Control;
import dev.warden.compliance.core.ControlPosture;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.Responsibility;
import dev.warden.compliance.core.StoredFinding;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a set of checks says about a control, in the shared-responsibility report's words: whether it holds, the
 * evidence (which checks ran, which findings stand) and, where it does not hold, the first open finding's remediation.
 */
record CheckEvidence(Holds holds, String evidence, String action) {
    private static final int LISTED = 3;

    static CheckEvidence of(List<CheckId> checks, Collection<StoredFinding> findings, Set<CheckId> checksRun) {
        Control probe = new Control("probe", "probe", checks, Responsibility.WARDEN);
        return of(FrameworkPosture.assess(probe, findings, checksRun));
    }

    static CheckEvidence of(ControlPosture posture) {
        List<CheckId> checks = posture.control().checks();
        switch (posture.status()) {
            case NOT_MET:
                return new CheckEvidence(
                        Holds.DOES_NOT_HOLD,
                        posture.open().size() + " open: " + listed(posture.open()),
                        posture.open().get(0).finding().remediation());
            case NOT_ASSESSED:
                return new CheckEvidence(
                        Holds.NOT_ASSESSED,
                        "not yet run: " + names(posture.notRun()),
                        "Run the checks: warden compliance run.");
            case SUPPRESSED:
                StoredFinding first = posture.suppressed().get(0);
                String why = first.suppression()
                        .map(s -> " (" + s.reason() + "; " + s.owner() + ", until " + s.until() + ")")
                        .orElse("");
                return new CheckEvidence(
                        Holds.ACCEPTED,
                        posture.suppressed().size() + " suppressed: " + listed(posture.suppressed()) + why,
                        "Fix it before the suppression expires, or renew it on purpose.");
            case MET:
                return new CheckEvidence(Holds.HOLDS, "no open finding from " + names(checks), "");
            case NOT_COVERED:
            default:
                return new CheckEvidence(Holds.NOT_VISIBLE, "no Warden check", "");
        }
    }

    private static String listed(List<StoredFinding> findings) {
        String shown = findings.stream()
                .limit(LISTED)
                .map(f -> f.finding().check().name() + " on " + f.finding().resourceArn() + " ("
                        + f.finding().severity().id() + ")")
                .collect(Collectors.joining("; "));
        return findings.size() > LISTED ? shown + "; and " + (findings.size() - LISTED) + " more" : shown;
    }

    private static String names(List<CheckId> checks) {
        return checks.stream().map(CheckId::name).collect(Collectors.joining(", "));
    }
}
