package dev.warden.device.firmware;

import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.client.TrustedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The TUF client's trusted metadata in a directory ({@code root.json}, {@code timestamp.json}, {@code snapshot.json}),
 * each replaced atomically. The files are public metadata, not secrets; what matters is that they survive a reboot,
 * since they are the device's rollback protection for metadata.
 */
final class FileTrustedStore implements TrustedStore {
    private final Path dir;

    /** Starts from {@code shippedRoot} unless a newer trusted root is stored already. */
    FileTrustedStore(Path dir, byte[] shippedRoot) {
        this.dir = dir;
        if (load(TopLevelRole.ROOT).isEmpty()) {
            save(TopLevelRole.ROOT, shippedRoot);
        }
    }

    @Override
    public Optional<byte[]> load(TopLevelRole role) {
        Path file = dir.resolve(role.fileName());
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void save(TopLevelRole role, byte[] content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(role.fileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(
                    tmp,
                    dir.resolve(role.fileName()),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(TopLevelRole role) {
        try {
            Files.deleteIfExists(dir.resolve(role.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
