package dev.warden.console.view;

import java.util.List;

/** The compliance page's posture panel: per framework, its controls by status and its open findings by severity. */
public record PostureView(List<Row> rows) {
    /** One framework: controls met, not met, suppressed, not assessed, not covered; open findings by severity. */
    public record Row(
            String id,
            String title,
            int met,
            int notMet,
            int suppressed,
            int notAssessed,
            int notCovered,
            int critical,
            int high,
            int medium,
            int low) {}
}
