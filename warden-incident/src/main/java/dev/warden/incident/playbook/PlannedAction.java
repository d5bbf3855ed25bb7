package dev.warden.incident.playbook;

/**
 * What a dry run says one step would do to one target: the action, on which ARN, whether it would wait for approval,
 * and whether the playbook's role allows it ({@code allowed} false: the step would be denied and do nothing).
 * {@code target} is null when the step has no target (it would be skipped), {@code note} says why.
 */
public record PlannedAction(
        String stepId, String action, Mode mode, Target target, String arn, boolean allowed, String note) {}
