package dev.warden.kms;

import com.google.crypto.tink.Aead;

/**
 * A region's master key: the root of its key hierarchy. It only ever encrypts key-encryption keysets and never
 * leaves its holder (a passphrase-protected file, later a PKCS#11 HSM); the database sees only what it encrypted.
 *
 * <p>Implementations must be authenticated encryption: {@link #decrypt} fails for any altered ciphertext or
 * associated data.
 */
public interface MasterKey extends Aead {
    /** A stable identifier stored next to everything this key encrypts, so a mismatched key is reported precisely. */
    String keyId();

    /** The region whose keys this master key protects. */
    String region();
}
