/**
 * Continuous compliance: posture checks over every object the node owns, re-run on every change the audit trail
 * records and on a schedule, findings with a lifecycle and suppressions, fixes with a dry run, framework mapping
 * (ETSI EN 303 645, NIST SP 800-53, CIS Controls, IEC 62443-4-2) and reports (JSON, CSV, OCSF, SARIF, HTML, the
 * shared-responsibility report).
 *
 * <p>Every refusal is a {@link dev.warden.compliance.ComplianceException} with a
 * {@link dev.warden.compliance.ComplianceReason}; {@code warden-api} alone maps reasons to HTTP statuses.
 * Migrations are in {@code db/migration/compliance}.
 */
package dev.warden.compliance;
