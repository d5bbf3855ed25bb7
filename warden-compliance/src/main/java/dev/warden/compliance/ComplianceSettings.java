package dev.warden.compliance;

import java.time.Duration;

/**
 * The thresholds of the checks and the pace of the engine, built by the node from its configuration (a few keys;
 * the rest are the documented defaults below).
 *
 * @param certificateMaxAge     a device certificate older than this should be rotated (DEVICE_CERTIFICATE_AGE)
 * @param deviceExpiryWindow    a device certificate expiring within this is a finding (DEVICE_CERTIFICATE_EXPIRING)
 * @param caExpiryWindow        a CA certificate expiring within this is a finding (CA_CERTIFICATE_EXPIRING)
 * @param unusedAfter           a credential not used for this long is a finding (UNUSED_CREDENTIAL)
 * @param keyRotationPeriod     a KMS key not rotated for this long is a finding
 * @param secretRotationPeriod  a secret not rotated for this long is a finding
 * @param auditDigestMaxAge     no signed audit checkpoint for this long is a finding (AUDIT_DIGEST_STALE)
 * @param regionIamStaleAfter   a member region's copy of IAM staler than this is a finding (REGION_IAM_STALE)
 * @param takeOverWindow        session take-overs within this window count (certificate sharing, client ID fights)
 * @param bootstrapUseWindow    a use of the bootstrap admin credential within this window, while other admins
 *                              exist, is a finding (ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE)
 * @param debounce              how long the engine gathers changes before an on-change run
 * @param fullRunInterval       how often the full run is scheduled
 */
public record ComplianceSettings(
        String region,
        String account,
        Duration certificateMaxAge,
        Duration deviceExpiryWindow,
        Duration caExpiryWindow,
        Duration unusedAfter,
        Duration keyRotationPeriod,
        Duration secretRotationPeriod,
        Duration auditDigestMaxAge,
        Duration regionIamStaleAfter,
        Duration takeOverWindow,
        Duration bootstrapUseWindow,
        Duration debounce,
        Duration fullRunInterval) {

    public static final Duration DEFAULT_CERTIFICATE_MAX_AGE = Duration.ofDays(365);
    public static final Duration DEFAULT_UNUSED_AFTER = Duration.ofDays(90);
    public static final Duration DEFAULT_KEY_ROTATION = Duration.ofDays(365);
    public static final Duration DEFAULT_SECRET_ROTATION = Duration.ofDays(90);
    public static final Duration DEFAULT_AUDIT_DIGEST_MAX_AGE = Duration.ofMinutes(5);
    /** A dozen of the replica's 5 s polls missed: long enough not to flap on a slow link, short enough to matter. */
    public static final Duration DEFAULT_REGION_IAM_STALE_AFTER = Duration.ofSeconds(60);

    /** Every threshold at its documented default. */
    public static ComplianceSettings defaults(String region, String account) {
        return new ComplianceSettings(
                region,
                account,
                DEFAULT_CERTIFICATE_MAX_AGE,
                Duration.ofDays(30),
                Duration.ofDays(90),
                DEFAULT_UNUSED_AFTER,
                DEFAULT_KEY_ROTATION,
                DEFAULT_SECRET_ROTATION,
                DEFAULT_AUDIT_DIGEST_MAX_AGE,
                DEFAULT_REGION_IAM_STALE_AFTER,
                Duration.ofHours(24),
                Duration.ofDays(30),
                Duration.ofMillis(250),
                Duration.ofHours(24));
    }

    /** The same settings with the thresholds the node's configuration sets. */
    public ComplianceSettings withThresholds(
            Duration certificateMaxAge,
            Duration unusedAfter,
            Duration keyRotationPeriod,
            Duration secretRotationPeriod,
            Duration auditDigestMaxAge,
            Duration regionIamStaleAfter) {
        return new ComplianceSettings(
                region,
                account,
                certificateMaxAge,
                deviceExpiryWindow,
                caExpiryWindow,
                unusedAfter,
                keyRotationPeriod,
                secretRotationPeriod,
                auditDigestMaxAge,
                regionIamStaleAfter,
                takeOverWindow,
                bootstrapUseWindow,
                debounce,
                fullRunInterval);
    }
}
