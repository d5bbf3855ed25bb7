package dev.warden.compliance.inventory;

import java.time.Instant;
import java.util.Optional;

/**
 * A CA certificate: one of the node's three ({@code root}, {@code issuing}, {@code ocsp}) or a registered
 * manufacturer CA ({@code manufacturer}).
 *
 * @param status    {@code ACTIVE} for the node's CAs; a manufacturer CA's registered status
 * @param trusted   whether the gateway's client trust holds it now
 * @param template  the provisioning template a manufacturer CA provisions through
 */
public record CaView(
        String role,
        String subject,
        String fingerprint,
        Optional<String> subjectKeyId,
        Instant notAfter,
        KeyInfo key,
        String signatureAlgorithm,
        String status,
        boolean trusted,
        Optional<String> template) {

    public static final String ROOT = "root";
    public static final String ISSUING = "issuing";
    public static final String OCSP = "ocsp";
    public static final String MANUFACTURER = "manufacturer";

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    /** Whether {@code certificate} names this CA as its issuer: by key identifier when it has one, else by name. */
    public boolean issued(CertificateView certificate) {
        if (certificate.authorityKeyId().isPresent() && subjectKeyId.isPresent()) {
            return certificate.authorityKeyId().get().equalsIgnoreCase(subjectKeyId.get());
        }
        return certificate.issuer().equals(subject);
    }
}
