package dev.warden.pki;

import java.time.Instant;
import java.util.Objects;

/** Revocation status of one certificate as known to the CA database. */
public sealed interface CertStatus {
    /** Issued by this CA and not revoked. */
    record Good() implements CertStatus {}

    /** Revoked at {@code revokedAt} for {@code reason}. */
    record Revoked(Instant revokedAt, RevocationReason reason) implements CertStatus {
        public Revoked {
            Objects.requireNonNull(revokedAt, "revokedAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Never issued by this CA (or unknown to it). */
    record Unknown() implements CertStatus {}
}
