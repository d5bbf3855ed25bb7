package dev.warden.e2e;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recipient's HPKE keys (an application's): the private keyset, which only the application holds, with one primary
 * key that senders seal to and older keys kept to open what was sealed before a rotation, until they are retired.
 * Immutable: rotating or retiring gives new keys, which the application stores itself (as the secret it is).
 */
public final class RecipientKeys {
    static final HpkeParameters SCHEME = scheme();

    private final KeysetHandle keyset;

    private RecipientKeys(KeysetHandle keyset) {
        this.keyset = keyset;
    }

    /** A recipient with one fresh key. */
    public static RecipientKeys generate() {
        try {
            return new RecipientKeys(KeysetHandle.generateNew(SCHEME));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HPKE key generation failed", e);
        }
    }

    /** Keys stored earlier with {@link #toSecretJson}. */
    public static RecipientKeys fromSecretJson(String json) {
        try {
            return new RecipientKeys(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new E2eException(E2eReason.INVALID_KEYSET, "not a recipient keyset");
        }
    }

    /** The private keyset, for the application to store as a secret (never for the platform). */
    public String toSecretJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keyset senders seal to: what is published through the platform. No private material. */
    public String publicJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keyset.getPublicKeysetHandle());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new primary key; what was sealed to the older keys still opens until they are retired. */
    public RecipientKeys rotate() {
        try {
            return new RecipientKeys(KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(SCHEME)
                            .withRandomId()
                            .makePrimary())
                    .build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HPKE key generation failed", e);
        }
    }

    /** Without {@code keyId} (not the primary): what was sealed to it no longer opens. */
    public RecipientKeys retire(int keyId) {
        // A builder keeps the keyset's order, so the handle's index of a key is the builder's.
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).getId() == keyId) {
                if (keyset.getAt(i).isPrimary()) {
                    throw new IllegalArgumentException("the primary key cannot be retired; rotate first");
                }
                builder.deleteAt(i);
                try {
                    return new RecipientKeys(builder.build());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("no key " + keyId);
    }

    /** The key ids held, primary first. */
    public List<Integer> keyIds() {
        List<Integer> ids = new ArrayList<>();
        ids.add(keyset.getPrimary().getId());
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (!entry.isPrimary() && entry.getStatus() == KeyStatus.ENABLED) {
                ids.add(entry.getId());
            }
        }
        return ids;
    }

    /** What an envelope held: the sender's message id (for replay checks) and the payload. */
    public record Opened(String messageId, byte[] payload) {
        public Opened {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Opens an envelope received on {@code topic}. */
    public Opened open(String topic, byte[] envelope) {
        PayloadEnvelope.Parts parts = PayloadEnvelope.unwrap(envelope);
        byte[] ciphertext = parts.ciphertext();
        int keyId = PayloadEnvelope.keyId(ciphertext);
        if (!keyIds().contains(keyId)) {
            throw new E2eException(
                    E2eReason.UNKNOWN_OR_RETIRED_KEY,
                    "sealed to key " + Integer.toUnsignedString(keyId) + ", which this recipient does not hold");
        }
        try {
            return new Opened(
                    parts.messageId(),
                    keyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class)
                            .decrypt(ciphertext, PayloadEnvelope.context(topic, parts.messageId())));
        } catch (GeneralSecurityException e) {
            throw new E2eException(
                    E2eReason.TAMPERED, "the envelope does not open for this topic and message id (altered or moved)");
        }
    }

    private static HpkeParameters scheme() {
        try {
            HybridConfig.register();
            return HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.TINK)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's HPKE is not available", e);
        }
    }
}
