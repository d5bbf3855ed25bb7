package dev.warden.node;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.warden.kms.MasterKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** In-memory master keys for unit tests (no passphrase KDF): AES-256-GCM like the real ones. */
final class TestMasterKeys {
    private TestMasterKeys() {}

    static MasterKey create(String keyId, String region) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            AesGcmJce aead = new AesGcmJce(key);
            return new MasterKey() {
                @Override
                public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                    return aead.encrypt(plaintext, associatedData);
                }

                @Override
                public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                    return aead.decrypt(ciphertext, associatedData);
                }

                @Override
                public String keyId() {
                    return keyId;
                }

                @Override
                public String region() {
                    return region;
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
