package dev.warden.pki;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * What to put into a device or claim certificate.
 *
 * @param commonName subject CN, 1..64 characters (RFC 5280 upper bound)
 * @param sanUri     absolute URI for the subjectAltName (e.g. {@code urn:warden:device:...}); null for none
 * @param publicKey  the subject's key, normally {@link ValidatedCsr#publicKey()}
 * @param validity   positive lifetime counted from now
 * @param crlUrl     CRL distribution point URL, null for none
 * @param ocspUrl    OCSP responder URL for the AIA extension, null for none
 * @param profile    certificate profile
 */
public record IssueRequest(
        String commonName,
        String sanUri,
        PublicKey publicKey,
        Duration validity,
        String crlUrl,
        String ocspUrl,
        CertificateProfile profile) {
    public IssueRequest {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(profile, "profile");
        if (commonName.isEmpty() || commonName.length() > 64) {
            throw new IllegalArgumentException("commonName must be 1..64 characters");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}
