package dev.warden.node;

import dev.warden.audit.HmacHeadSealer;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the audit head seal. Its secret is a dedicated P-256 private key kept like every other private key of
 * the node (sealed under the KMS master key, re-sealed by a master-key rotation); the HMAC key is derived from its
 * encoding and the region, so whoever copies the data directory without the master-key passphrase cannot seal a
 * forged head. It is never used to sign anything.
 */
public final class AuditSealKey {
    private AuditSealKey() {}

    /** Opens the sealer, creating its secret on first start. */
    public static HmacHeadSealer openOrCreate(Path file, SealedKeyFiles keys, String region) {
        if (!keys.exists(file)) {
            keys.write(file, CsrBuilder.generateDeviceKey(KeyType.EC_P256).getPrivate());
        }
        PrivateKey secret = keys.read(file);
        byte[] encoded = secret.getEncoded();
        try {
            Mac kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(encoded, "HmacSHA256"));
            byte[] key = kdf.doFinal(("warden-audit-head-seal-key-v1|" + region).getBytes(StandardCharsets.UTF_8));
            try {
                return new HmacHeadSealer(key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required by the Java platform", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }
}
