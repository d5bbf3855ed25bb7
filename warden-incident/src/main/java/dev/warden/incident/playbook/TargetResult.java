package dev.warden.incident.playbook;

import java.util.List;
import java.util.Locale;

/** What one step did to one target: its ARN, the outcome, a summary, and what a listing found. */
public record TargetResult(String target, String arn, Outcome outcome, String summary, List<String> items) {
    public enum Outcome {
        CHANGED,
        /** The effect was in place already, or the operation only reads. */
        UNCHANGED,
        DENIED,
        FAILED,
        /** Not attempted, because the step was denied on another of its targets. */
        NOT_RUN;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TargetResult {
        items = List.copyOf(items);
    }
}
