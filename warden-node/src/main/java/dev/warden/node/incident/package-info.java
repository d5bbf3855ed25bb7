/**
 * The node's side of incident playbooks: {@link dev.warden.node.incident.NodePlaybookActions} carries each playbook
 * operation out over the node's own services (the monitor's {@code NodeMitigationTargets} for quarantine,
 * revocation and bans, the registry's certificates, the secrets manager, the audit trail and the telemetry store's
 * metadata; and through {@link dev.warden.node.incident.PlaybookBackends} the users and service accounts, the
 * manufacturer CAs and the policy versions), and {@link dev.warden.node.incident.NodePlaybooks} assembles the runner
 * from them.
 *
 * <p>In a member region IAM is a replica: a playbook's change of a user or service account
 * ({@link dev.warden.node.incident.PlaybookPrincipals}) is made here at once, as containment that replication never
 * lowers, and then asked of the control region over the link, whose change log carries it to every region; a control
 * region out of reach fails the step, saying that other regions still accept the credential.
 *
 * <p>Every handler either does its operation or throws; an operation whose service this node lacks throws too, so
 * the step is recorded failed rather than done. Evidence is read-only and holds no secret value and no message
 * payload: audit events are listed by sequence, time, principal, action, resource and result; telemetry by segment
 * counts and times, whose ciphertext is never opened.
 */
package dev.warden.node.incident;
