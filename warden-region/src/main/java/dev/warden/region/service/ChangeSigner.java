package dev.warden.region.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The control region's IAM signing key: ECDSA P-256 over each change's hash. The private key stays in the control
 * region (sealed under its master key by the node); members hold only the public key, received when they join.
 */
public final class ChangeSigner {
    private static final String ALGORITHM = "SHA256withECDSA";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public ChangeSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The signature over {@code hash}, base64. */
    public String sign(String hash) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an IAM change", e);
        }
    }

    /** Whether {@code signatureB64} is a valid signature of {@code hash} by {@code key}; false for any defect. */
    public static boolean verify(PublicKey key, String hash, String signatureB64) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(hash.getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
