/**
 * Incident response: incidents opened from monitoring's alarms, compliance findings or by hand, with the seed's
 * clocks (triage 5 min, communication 15 min, mitigation 30 min, recovery 1 h, post-mortem 7 days; the EU Cyber
 * Resilience Act's 24 h / 72 h / 14 days on request), playbooks that contain through IAM actions, on-call schedules
 * with escalation, the public status page and the generated post-mortem. Every step of an incident is an event in
 * the region's audit hash chain: the timeline is read back from the trail, so it verifies offline.
 *
 * <p>Every refusal is a {@link dev.warden.incident.IncidentException} with an
 * {@link dev.warden.incident.IncidentReason}; {@code warden-api} alone maps reasons to HTTP statuses. Migrations are
 * in {@code db/migration/incident}.
 */
package dev.warden.incident;
