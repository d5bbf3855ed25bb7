/**
 * Where a region's master key comes from, and how the hierarchy moves to a new one: {@link
 * dev.warden.kms.masterkey.MasterKeyFile} (a Tink keyset in a file, encrypted under an Argon2id-derived key, mode
 * 0600), {@link dev.warden.kms.masterkey.Pkcs11MasterKey} (a non-extractable AES key inside a PKCS#11 token) and
 * {@link dev.warden.kms.masterkey.MasterKeyRotation} (re-encrypts every stored key-encryption keyset in one
 * transaction).
 *
 * <p>Trust boundary: this is the I/O behind the core's {@link dev.warden.kms.MasterKey} interface: files,
 * passphrases and HSM sessions are opened here and only here. The core receives a {@code MasterKey} and never learns
 * whether it is a file or a token; the key bytes of a file-based master key never leave this package (they are held
 * as a Tink AEAD), and an HSM key never leaves its token.
 */
package dev.warden.kms.masterkey;
