/**
 * On-call: who answers an incident at a given instant, and who is told next when nobody acknowledges it.
 *
 * <p>The core ({@link dev.warden.incident.oncall.Schedule}, {@link dev.warden.incident.oncall.Rotation},
 * {@link dev.warden.incident.oncall.EscalationPolicy}) is pure: no I/O, no clock of its own, every answer a function
 * of the schedule and the instant asked about. Rotations count in whole local days and hand off at a local time of
 * their own zone, so a handoff stays at 09:00 Berlin time across daylight saving changes (a handoff in a skipped hour
 * happens at the first instant after the gap). A "follow the sun" schedule is several rotations, each covering some
 * hours of its own local day; the first rotation in document order that covers an instant answers, after any
 * override.
 *
 * <p>Schedules and escalation policies are written as documents (JSON or YAML) that are validated strictly
 * ({@link dev.warden.incident.oncall.ScheduleDocuments}): an unknown field, a missing one or a bad value is an
 * {@code INVALID_SCHEDULE} naming its path, never a silent default. Documents hold principals' names and contacts
 * (e-mail addresses, webhook URLs), never a secret: a webhook's signing secret is named in the node's settings.
 * {@link dev.warden.incident.oncall.OnCallService} stores them ({@code oncall_schedules},
 * {@code oncall_escalation_policies}, migration V24) and answers the CLI's {@code warden oncall} commands.
 */
package dev.warden.incident.oncall;
