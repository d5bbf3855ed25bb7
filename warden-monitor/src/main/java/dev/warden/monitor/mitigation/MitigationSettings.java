package dev.warden.monitor.mitigation;

import java.time.Duration;
import java.util.Objects;

/**
 * How mitigations are run on this node.
 *
 * @param region            the node's region, named in ARNs and in every notification
 * @param account           the account, named in ARNs
 * @param banDuration       how long a ban of an address or client ID lasts (1 s to 365 days)
 * @param auditDetailFor    how long raised audit detail lasts
 * @param retry             how webhook deliveries are retried
 */
public record MitigationSettings(
        String region, String account, Duration banDuration, Duration auditDetailFor, RetryPolicy retry) {
    public static final Duration DEFAULT_BAN = Duration.ofHours(1);
    public static final Duration DEFAULT_AUDIT_DETAIL = Duration.ofHours(1);

    public MitigationSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(retry, "retry");
        if (banDuration.isNegative() || banDuration.isZero() || banDuration.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("a ban lasts from 1 second to 365 days");
        }
        if (auditDetailFor.isNegative() || auditDetailFor.isZero()) {
            throw new IllegalArgumentException("raised audit detail must last a positive time");
        }
    }

    /** Bans and raised detail for an hour, deliveries retried after 1, 2, 4 and 8 seconds. */
    public static MitigationSettings defaults(String region, String account) {
        return new MitigationSettings(region, account, DEFAULT_BAN, DEFAULT_AUDIT_DETAIL, RetryPolicy.DEFAULT);
    }
}
