package dev.warden.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** One revoked certificate as listed in a CRL. */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
    public RevokedEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
