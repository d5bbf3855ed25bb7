/**
 * A CA hierarchy on disk: certificates, software keys and the record of which keys live in an HSM (aliases, never a
 * PIN).
 *
 * <p>Kept apart from the PKI's pure builders because this is where files and permissions are. Every file is written
 * to a temporary file created with its final mode and moved into place atomically, so a key is never readable by
 * others, not even briefly. Private keys go only through a {@link dev.warden.pki.store.PrivateKeyFiles} the caller
 * chooses: a node seals them under its KMS master key; {@link dev.warden.pki.store.PlaintextKeyFiles} is for tests
 * and tools outside a node.
 */
package dev.warden.pki.store;
