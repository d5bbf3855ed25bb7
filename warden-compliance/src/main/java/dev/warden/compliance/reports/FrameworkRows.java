package dev.warden.compliance.reports;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.ControlPosture;
import dev.warden.compliance.core.FrameworkPosture;
import dev.warden.compliance.core.Responsibility;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The chosen framework's controls as rows of the shared-responsibility report. A control Warden checks is Warden's to
 * check and the operator's to act on; a control no check covers is its owner's (the operator or the device maker) to
 * show, and never reported as holding.
 */
final class FrameworkRows {
    private FrameworkRows() {}

    static List<ResponsibilityRow> of(FrameworkPosture posture) {
        String section =
                posture.framework().title() + " (" + posture.framework().version() + ")";
        return posture.controls().stream().map(c -> row(section, c)).toList();
    }

    private static ResponsibilityRow row(String section, ControlPosture c) {
        if (!c.control().covered()) {
            Responsibility owner = c.control().owner();
            return new ResponsibilityRow(
                    section,
                    c.control().id(),
                    c.control().title(),
                    List.of(owner),
                    Holds.NOT_VISIBLE,
                    "no Warden check covers it",
                    owner.label() + " shows it: keep the evidence (policy, process, device documentation) with this "
                            + "report.");
        }
        CheckEvidence e = CheckEvidence.of(c);
        String checks = c.control().checks().stream().map(CheckId::name).collect(Collectors.joining(", "));
        return new ResponsibilityRow(
                section,
                c.control().id(),
                c.control().title(),
                List.of(Responsibility.WARDEN, Responsibility.OPERATOR),
                e.holds(),
                e.holds() == Holds.HOLDS ? "checks " + checks + " ran: no open finding" : e.evidence(),
                e.action());
    }
}
