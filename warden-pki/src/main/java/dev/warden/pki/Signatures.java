package dev.warden.pki;

import java.security.Provider;
import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PKI computes and checks signatures with software keys: BoringSSL through Conscrypt when its native
 * library loads on this platform (ECDSA P-256 signing and verification about ten times faster than BouncyCastle's
 * Java code, and both are most of what issuing a certificate costs), else BouncyCastle. BouncyCastle still builds and
 * parses every certificate, CSR, CRL and OCSP structure; keys in an HSM sign through the HSM's provider. Conscrypt is
 * used as an object, never registered, so the JVM's TLS stack is unchanged.
 */
public final class Signatures {
    private static final Logger LOG = LoggerFactory.getLogger(Signatures.class);

    /** The provider to try first. */
    static final Provider PREFERRED = load();

    private Signatures() {}

    /** The provider to check and compute ECDSA signatures with where speed matters (audit digests, for one). */
    public static Provider preferred() {
        return PREFERRED;
    }

    private static Provider load() {
        try {
            if (Conscrypt.isAvailable()) {
                return Conscrypt.newProvider();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.info("BoringSSL signatures unavailable on this platform ({}); using BouncyCastle", e.toString());
        }
        return BouncyCastle.PROVIDER;
    }
}
