package dev.warden.registry.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate as the registry knows it. {@code serial} is lowercase hex; {@code thingName} is the one thing it is
 * attached to (a certificate is never shared by two things); {@code claimName} is set for claim certificates.
 */
public record CertificateRecord(
        String serial,
        String fingerprint,
        String region,
        CertificateKind kind,
        String subjectCn,
        CertificateStatus status,
        String thingName,
        String claimName,
        Instant notBefore,
        Instant notAfter,
        String pem,
        Instant createdAt,
        Instant statusChangedAt,
        Instant revokedAt,
        String revocationReason,
        Instant deactivateAt,
        String replacedBy) {

    public CertificateRecord {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pem, "pem");
    }
}
