package dev.warden.node;

import dev.warden.kms.MasterKey;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Re-seals every sealed key file of a directory from one master key to the next, as part of a master-key rotation,
 * in two steps around the rotation's database commit:
 *
 * <ol>
 *   <li>{@link #prepare}, before the commit: each {@code X.key.sealed} still under the old key is re-sealed under the
 *       new one into {@code X.key.sealed.new}; nothing the node reads changes.</li>
 *   <li>{@link #commit}, after the commit and before the new master key file replaces the old one: each
 *       {@code .new} file atomically replaces its file.</li>
 * </ol>
 *
 * A crash anywhere leaves every key readable with the master key files that remain: the old master key file is
 * replaced only after all key files are switched. Running the rotation again repeats both steps: {@link #prepare}
 * tries the new master key first for each file (a file already switched is left as it is), the old one next, and
 * rewrites any stale {@code .new} file, so a half-done switch completes.
 */
public final class SealedKeyRotation {
    static final String PENDING = ".new";

    private final Path dir;
    private final SealedKeyFiles old;
    private final SealedKeyFiles next;

    public SealedKeyRotation(Path dir, MasterKey old, MasterKey next) {
        this.dir = dir;
        this.old = new SealedKeyFiles(old);
        this.next = new SealedKeyFiles(next);
    }

    /**
     * Seals any plaintext key file left by an older node under the old key, then writes {@code .new} files under the
     * new key for every sealed file not yet under it.
     *
     * @return how many key files will be switched by {@link #commit}
     * @throws SealedKeyException if a sealed file opens under neither key (nothing is switched then)
     */
    public int prepare() {
        old.migrateAll(dir);
        int pending = 0;
        for (Path sealed : sealedFiles()) {
            String name = keyName(sealed);
            String content = NodeInitializer.read(sealed);
            Path next = pending(sealed);
            if (opensUnder(this.next, name, sealed, content)) {
                deleteIfExists(next); // already switched by an interrupted run; a stale .new must not replace it
                continue;
            }
            PrivateKey key = old.open(name, sealed.getFileName().toString(), content);
            SecureFiles.writeSecret(next, this.next.seal(name, key), false);
            pending++;
        }
        return pending;
    }

    /** Replaces each sealed file by its {@code .new} file (one atomic rename each). */
    public int commit() {
        int switched = 0;
        for (Path sealed : sealedFiles()) {
            Path next = pending(sealed);
            if (Files.exists(next)) {
                try {
                    Files.move(next, sealed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot switch " + sealed.getFileName() + " to the new master key: run "
                                    + "the rotation again with the same new passphrase",
                            e);
                }
                switched++;
            }
        }
        return switched;
    }

    private static boolean opensUnder(SealedKeyFiles files, String name, Path sealed, String content) {
        try {
            files.open(name, sealed.getFileName().toString(), content);
            return true;
        } catch (SealedKeyException e) {
            return false;
        }
    }

    private List<Path> sealedFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(SealedKeyFiles.SUFFIX))
                    .sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String keyName(Path sealed) {
        String name = sealed.getFileName().toString();
        return name.substring(0, name.length() - SealedKeyFiles.SUFFIX.length());
    }

    static Path pending(Path sealed) {
        return sealed.resolveSibling(sealed.getFileName() + PENDING);
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
