package dev.warden.compliance.core;

import java.util.Optional;

/**
 * What one check found about one resource: a stable {@code reasonCode} (why, in a word the API and the reports
 * carry), a {@code detail} a person reads ("expires 2027-01-03, in 27 days"), a remediation text and, where one
 * command can fix it, the {@link Fix}. Two findings with the same check and resource are the same finding over time.
 */
public record Finding(
        CheckId check,
        String resourceArn,
        Severity severity,
        String reasonCode,
        String detail,
        String remediation,
        Optional<Fix> fix) {

    /** The identity of a finding across runs: check and resource. */
    public String key() {
        return check.name() + " " + resourceArn;
    }
}
