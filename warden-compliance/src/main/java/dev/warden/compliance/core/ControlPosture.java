package dev.warden.compliance.core;

import java.util.List;

/**
 * One control's standing: its status, the open findings that keep it from being met, the suppressed ones, and the
 * checks that have not run yet (a reason it is not assessed).
 */
public record ControlPosture(
        Control control,
        ControlStatus status,
        List<StoredFinding> open,
        List<StoredFinding> suppressed,
        List<CheckId> notRun) {

    public ControlPosture {
        open = List.copyOf(open);
        suppressed = List.copyOf(suppressed);
        notRun = List.copyOf(notRun);
    }
}
