/**
 * Playbooks: declarative files (YAML or JSON, {@link dev.warden.incident.playbook.PlaybookParser}, every refusal
 * with its line) that map a kind of incident to steps, each an IAM action on some of the incident's targets, run at
 * once or after a person's approval. The five built-in ones are resources ({@code playbooks/*.yaml}).
 *
 * <p>Trust: a playbook runs as its own role ({@link dev.warden.incident.playbook.PlaybookRole}), a policy allowing
 * exactly its steps' actions on the kinds of resource they target; every step is decided against it by the policy
 * engine before it acts, and a step denied on any target does nothing. The intent of each step is recorded in the
 * incident's timeline ({@link dev.warden.incident.playbook.PlaybookTimeline}) before it acts: no record, no action.
 *
 * <p>The parser, the role, the selectors and the operations are pure. The runner
 * ({@link dev.warden.incident.playbook.PlaybookRunner}) stores runs through {@code playbook.store} and acts only
 * through {@link dev.warden.incident.playbook.PlaybookActions}, which the node implements; it runs steps on the
 * caller's thread, one thread per run at a time, and resumes unfinished runs at node start.
 */
package dev.warden.incident.playbook;
