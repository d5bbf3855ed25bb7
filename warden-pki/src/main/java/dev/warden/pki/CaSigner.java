package dev.warden.pki;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA certificate together with the means to sign as that CA.
 *
 * @param certificate the CA certificate; never null
 * @param privateKey  the signing key, or {@code null} when the key is kept offline (then the CA
 *                    cannot sign and operations that need it fail with {@link PkiReason#CA_NOT_AVAILABLE})
 * @param provider    JCA provider that can sign with {@code privateKey} (e.g. SunPKCS11 for HSM keys);
 *                    {@code null} means the software BouncyCastle provider
 */
public record CaSigner(X509Certificate certificate, PrivateKey privateKey, Provider provider) {
    public CaSigner {
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Whether this CA can sign right now (its private key is online). */
    public boolean canSign() {
        return privateKey != null;
    }

    /** Returns the private key, or fails with {@link PkiReason#CA_NOT_AVAILABLE} when it is offline. */
    public PrivateKey requirePrivateKey() {
        if (privateKey == null) {
            throw new PkiException(
                    PkiReason.CA_NOT_AVAILABLE,
                    "private key of " + certificate.getSubjectX500Principal().getName() + " is offline");
        }
        return privateKey;
    }

    @Override
    public String toString() {
        // The default record toString would print the key object; keep it out of logs.
        return "CaSigner[" + certificate.getSubjectX500Principal().getName() + ", key="
                + (privateKey == null ? "offline" : "online") + "]";
    }
}
