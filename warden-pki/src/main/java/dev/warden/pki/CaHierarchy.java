package dev.warden.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The three CAs of one region: offline-capable root, online issuing CA and the delegated OCSP signer.
 */
public record CaHierarchy(CaSigner root, CaSigner issuing, CaSigner ocsp) {
    public CaHierarchy {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(issuing, "issuing");
        Objects.requireNonNull(ocsp, "ocsp");
    }

    /** The chain a device or TLS peer needs above a leaf: issuing CA first, then root. */
    public List<X509Certificate> chain() {
        return List.of(issuing.certificate(), root.certificate());
    }
}
