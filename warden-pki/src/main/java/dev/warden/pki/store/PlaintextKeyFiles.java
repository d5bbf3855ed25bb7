package dev.warden.pki.store;

import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/** Unencrypted PKCS#8 PEM files with mode 0600. Not used by a node for its own keys (see {@link PrivateKeyFiles}). */
final class PlaintextKeyFiles implements PrivateKeyFiles {
    static final PlaintextKeyFiles INSTANCE = new PlaintextKeyFiles();

    private PlaintextKeyFiles() {}

    @Override
    public void write(Path file, PrivateKey key) {
        CaStore.writeAtomically(file, Pem.encodePrivateKey(key), CaStore.OWNER_ONLY);
    }

    @Override
    public PrivateKey read(Path file) {
        if (!Files.exists(file)) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "key file " + file.getFileName() + " is missing");
        }
        return Pem.parsePrivateKey(CaStore.read(file));
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
