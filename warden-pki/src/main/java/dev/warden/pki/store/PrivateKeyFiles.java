package dev.warden.pki.store;

import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Where a private key "file" is kept. Callers name the key by its logical path (e.g. {@code DIR/root.key}); the
 * implementation decides how the key is stored there: the node seals it under its KMS master key, and only tests and
 * tools outside the node use {@link #plaintext()}.
 */
public interface PrivateKeyFiles {
    /** Stores {@code key} under {@code file} atomically with mode 0600, replacing what was there. */
    void write(Path file, PrivateKey key);

    /**
     * The key stored under {@code file}.
     *
     * @throws dev.warden.pki.PkiException {@link dev.warden.pki.PkiReason#CA_NOT_AVAILABLE} when there is none,
     *         {@link dev.warden.pki.PkiReason#KEY_IMPORT_FAILED} when it cannot be opened (never quoting key bytes)
     */
    PrivateKey read(Path file);

    /** Whether a key is stored under {@code file}. */
    boolean exists(Path file);

    /** Removes the key stored under {@code file}, if any. */
    void delete(Path file);

    /** Plain PKCS#8 PEM files (mode 0600): for tests and keys that never belong to a node. */
    static PrivateKeyFiles plaintext() {
        return PlaintextKeyFiles.INSTANCE;
    }
}
