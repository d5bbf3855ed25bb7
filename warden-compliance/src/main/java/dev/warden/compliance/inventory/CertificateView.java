package dev.warden.compliance.inventory;

import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A registered certificate as the checks see it.
 *
 * @param thing              the thing it is attached to, or empty (claims, services)
 * @param issuer             the issuer's distinguished name (RFC 2253)
 * @param authorityKeyId     the issuer's key identifier from the certificate, hex, if it has one
 * @param signatureAlgorithm as the certificate names it, e.g. {@code SHA256withECDSA}
 */
public record CertificateView(
        String serial,
        CertificateKind kind,
        CertificateStatus status,
        Optional<String> thing,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt,
        Optional<Instant> revokedAt,
        String issuer,
        Optional<String> authorityKeyId,
        String signatureAlgorithm,
        KeyInfo key) {

    public boolean active() {
        return status == CertificateStatus.ACTIVE;
    }
}
