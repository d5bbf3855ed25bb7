package dev.warden.audit;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Signs digests with the region's audit-signing key (ECDSA P-256). */
public final class DigestSigner {
    static final String ALGORITHM = "SHA256withECDSA";

    private final PrivateKey privateKey;
    private final Provider provider;
    private final String keyId;

    public DigestSigner(PrivateKey privateKey, PublicKey publicKey) {
        this(privateKey, publicKey, null);
    }

    /** @param provider the provider holding the key (an HSM's), or {@code null} for a software key */
    public DigestSigner(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        if (!"EC".equals(privateKey.getAlgorithm()) && !"ECDSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("the audit-signing key must be an EC key");
        }
        this.privateKey = privateKey;
        this.provider = provider;
        this.keyId = keyIdOf(publicKey);
    }

    /** The id a digest names its key by: SHA-256 of the encoded public key. */
    public static String keyIdOf(PublicKey publicKey) {
        return HashChain.hex(HashChain.sha256(publicKey.getEncoded()));
    }

    public String keyId() {
        return keyId;
    }

    public AuditDigest sign(AuditDigest unsigned) {
        try {
            Signature signature =
                    provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
            signature.initSign(privateKey);
            signature.update(unsigned.signedBytes());
            return unsigned.withSignature(Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing an audit digest failed", e);
        }
    }

    /**
     * Signs other canonical statements with the same key (a witness's cosignature). The caller domain-separates
     * its bytes (a distinct leading text), so a statement can never pass for a digest or the reverse.
     */
    public String signStatement(byte[] statement) {
        try {
            Signature signature =
                    provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
            signature.initSign(privateKey);
            signature.update(statement);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing an audit statement failed", e);
        }
    }

    /** True only for a valid base64 signature by {@code publicKey} over {@code statement}; never throws. */
    public static boolean verifyStatement(byte[] statement, String signatureBase64, PublicKey publicKey) {
        if (signatureBase64 == null || publicKey == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(statement);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** True only for a valid signature by {@code publicKey} over the digest's canonical bytes. */
    public static boolean verify(AuditDigest digest, PublicKey publicKey) {
        return verify(digest, publicKey, null);
    }

    /** The same check with {@code provider}'s ECDSA, or the platform's when {@code null}. */
    public static boolean verify(AuditDigest digest, PublicKey publicKey, Provider provider) {
        if (digest.signature() == null) {
            return false;
        }
        try {
            Signature signature =
                    provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
            signature.initVerify(publicKey);
            signature.update(digest.signedBytes());
            return signature.verify(Base64.getDecoder().decode(digest.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
