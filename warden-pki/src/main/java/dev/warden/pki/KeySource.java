package dev.warden.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;

/** Where CA private keys are generated and kept: in software or inside an HSM. */
public interface KeySource {
    /**
     * Generates a new key pair. For HSM sources the private key stays inside the token (non-extractable)
     * and is stored under {@code alias} once {@link #bindCertificate} is called.
     *
     * @throws PkiException {@link PkiReason#HSM_UNAVAILABLE} when the token cannot generate keys
     */
    KeyPair generate(KeyType type, String alias);

    /** JCA provider to sign with keys from this source; {@code null} for software keys (BouncyCastle). */
    Provider provider();

    /**
     * Associates the certificate chain with a generated key so it can be found again by alias.
     * HSM: stores the key entry with the chain in the token. Software: no-op (the CA store persists keys).
     */
    void bindCertificate(String alias, PrivateKey key, X509Certificate[] chain);
}
