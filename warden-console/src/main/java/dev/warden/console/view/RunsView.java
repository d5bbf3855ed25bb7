package dev.warden.console.view;

import java.util.List;

/**
 * An incident's playbook runs, each with its steps; a step waiting for a person has an approve form, which needs
 * the session's anti-CSRF token. {@code available} is false while the playbooks have not started with the gateway.
 */
public record RunsView(String csrf, boolean available, List<Run> runs) {
    /** One run of a playbook. */
    public record Run(long id, String playbook, String status, String startedBy, String startedAt, List<Step> steps) {}

    /** One step; {@code awaiting} when it waits for a person's approval. */
    public record Step(String id, String action, String mode, String state, String decidedBy, boolean awaiting) {}
}
