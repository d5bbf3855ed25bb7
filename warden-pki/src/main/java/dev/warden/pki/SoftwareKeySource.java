package dev.warden.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;

/**
 * Generates CA keys in process memory. Persisting them (PKCS#8, mode 0600) is the CA store's job.
 */
public final class SoftwareKeySource implements KeySource {
    private final SecureRandom random;

    /** Uses a strong, self-seeding {@link SecureRandom}. */
    public SoftwareKeySource() {
        this(new SecureRandom());
    }

    public SoftwareKeySource(SecureRandom random) {
        this.random = random;
    }

    @Override
    public KeyPair generate(KeyType type, String alias) {
        return generateKeyPair(type, random);
    }

    static KeyPair generateKeyPair(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec(type.curveName()), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot generate " + type + " key", e);
        }
    }

    @Override
    public Provider provider() {
        return null;
    }

    @Override
    public void bindCertificate(String alias, PrivateKey key, X509Certificate[] chain) {
        // Nothing to bind: software keys are persisted next to their certificates by the CA store.
    }
}
