package dev.warden.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/**
 * The few Tink calls the KMS makes, in one place: AES-256-GCM keysets, their rotation and their encrypted form (of any
 * keyset, a signing key's included; the signature calls themselves are in {@link EcdsaKeys}).
 */
public final class TinkKeys {
    static {
        try {
            AeadConfig.register();
            MacConfig.register();
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(
                    "Tink registration failed: " + e.getClass().getSimpleName());
        }
    }

    private TinkKeys() {}

    /** Runs the static registration above; for callers that use Tink directly. */
    public static void ensureRegistered() {}

    /** A fresh keyset with one AES-256-GCM key (Tink output prefix, so every ciphertext names its key version). */
    public static KeysetHandle newAes256Gcm() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw internal("cannot generate an AES-256-GCM key", e);
        }
    }

    /** The keyset with one more AES-256-GCM key appended and made primary; earlier keys still decrypt. */
    static KeysetHandle withNewPrimary(KeysetHandle keyset) {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId());
            builder.getAt(builder.size() - 1).makePrimary();
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw internal("cannot rotate a keyset", e);
        }
    }

    /** 1-based position of the primary key: keys are only ever appended, so the position is a stable version. */
    static int primaryVersion(KeysetHandle keyset) {
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).isPrimary()) {
                return i + 1;
            }
        }
        throw new KmsException(KmsReason.INTERNAL, "keyset without a primary key");
    }

    public static Aead aead(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw internal("cannot use a keyset as AEAD", e);
        }
    }

    public static byte[] encrypt(KeysetHandle keyset, Aead wrapping, byte[] associatedData) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, wrapping, associatedData);
        } catch (GeneralSecurityException e) {
            throw internal("cannot encrypt a keyset", e);
        }
    }

    /** Decrypts an encrypted keyset; an AEAD failure is reported with {@code onFailure}, never as garbage. */
    public static KeysetHandle decrypt(
            byte[] encrypted, Aead wrapping, byte[] associatedData, KmsReason onFailure, String what) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(encrypted, wrapping, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KmsException(onFailure, "cannot decrypt " + what);
        }
    }

    private static KmsException internal(String what, Exception e) {
        // Tink's messages do not carry key bytes, but only the exception type is kept to be sure.
        return new KmsException(KmsReason.INTERNAL, what + " (" + e.getClass().getSimpleName() + ")");
    }
}
