package dev.warden.e2e;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.security.GeneralSecurityException;

/**
 * Seals payloads to a recipient's public keyset (the device side): always to the keyset's primary key. Holds no
 * secret, so it may be built from what the platform publishes; the recipient alone can open what it seals.
 */
public final class PayloadSealer {
    private final HybridEncrypt encrypt;
    private final int keyId;

    private PayloadSealer(HybridEncrypt encrypt, int keyId) {
        this.encrypt = encrypt;
        this.keyId = keyId;
    }

    /** From a public keyset ({@link RecipientKeys#publicJson}); a keyset holding private material is refused. */
    public static PayloadSealer of(String publicKeysetJson) {
        RecipientKeys.SCHEME.hashCode(); // registers Tink's hybrid primitives
        try {
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson);
            if (!(keyset.getPrimary().getKey() instanceof HpkePublicKey key)
                    || !key.getParameters().equals(RecipientKeys.SCHEME)) {
                throw new E2eException(E2eReason.INVALID_KEYSET, "not an HPKE public keyset of Warden's scheme");
            }
            return new PayloadSealer(
                    keyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class),
                    keyset.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new E2eException(E2eReason.INVALID_KEYSET, "not a public recipient keyset (or one with secrets)");
        }
    }

    /** The envelope of {@code plaintext} for {@code topic} and {@code messageId}. */
    public byte[] seal(String topic, String messageId, byte[] plaintext) {
        try {
            return PayloadEnvelope.wrap(
                    messageId, encrypt.encrypt(plaintext, PayloadEnvelope.context(topic, messageId)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HPKE sealing failed", e);
        }
    }

    /** The recipient key it seals to. */
    public int keyId() {
        return keyId;
    }
}
