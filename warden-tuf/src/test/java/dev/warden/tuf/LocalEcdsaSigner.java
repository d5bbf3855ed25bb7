package dev.warden.tuf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A {@link TufSigner} with a key pair in memory, standing in for the node's KMS keys in tests. */
public final class LocalEcdsaSigner implements TufSigner {
    private final KeyPair pair;
    private final TufKey key;
    private final String algorithm;

    private LocalEcdsaSigner(KeyPair pair, TufKey key, String algorithm) {
        this.pair = pair;
        this.key = key;
        this.algorithm = algorithm;
    }

    public static LocalEcdsaSigner generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new LocalEcdsaSigner(pair, TufKey.ecdsaP256(pair.getPublic()), "SHA256withECDSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key, signing in the raw r||s form a KMS may return instead of DER. */
    public LocalEcdsaSigner rawSignatures() {
        return new LocalEcdsaSigner(pair, key, "SHA256withECDSAinP1363Format");
    }

    /** The same key pair, presented as {@code listedAs} (the same public key written another way). */
    public LocalEcdsaSigner listedAs(TufKey listedAs) {
        return new LocalEcdsaSigner(pair, listedAs, algorithm);
    }

    public KeyPair keyPair() {
        return pair;
    }

    public String keyId() {
        return key.keyId();
    }

    @Override
    public TufKey key() {
        return key;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(pair.getPrivate());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
