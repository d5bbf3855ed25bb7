package dev.warden.incident.playbook;

import java.util.List;

/**
 * What a playbook's steps act on, implemented by the node over the registry, the firewall, IAM, the secrets manager
 * and the audit trail. The runner calls it only after the playbook's role allowed the step on the target.
 *
 * <p>Contract: {@link #perform} either does the operation and says what it did, or throws; it never reports success
 * for something it did not do. An operation that finds its effect in place already (a thing in quarantine, a
 * certificate revoked) returns {@link ActionResult#unchanged}: re-running a step is safe. An exception's message is
 * recorded in the incident's timeline, so it must never hold a secret value.
 */
public interface PlaybookActions {
    ActionResult perform(Operation operation, Target target, Step step);

    /**
     * As {@link #perform(Operation, Target, Step)}, for a step of incident {@code incidentId}: an action that asks
     * another region to act (a member region's IAM change, made at the control region) names the incident there.
     */
    default ActionResult perform(long incidentId, Operation operation, Target target, Step step) {
        return perform(operation, target, step);
    }

    /**
     * The targets of a derived selector for one of its source targets: the things a CA registered
     * ({@link Selector#CA_THING}), the source addresses of a thing's live sessions ({@link Selector#THING_ADDRESS}).
     * Read-only; used by dry runs too.
     */
    List<String> expand(Selector derived, String source);
}
