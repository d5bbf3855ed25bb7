package dev.warden.device;

import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A device's credentials on disk, in the layout {@code warden device provision --out DIR} writes: {@code THING.key}
 * (PKCS#8 PEM, mode 0600, directory 0700), {@code THING.crt} and {@code ca-chain.pem}.
 *
 * <p>Replacing credentials (rotation) is crash-safe: {@link #stage} writes {@code *.next} files, the caller checks
 * that they work, and {@link #commit} keeps a copy of the current files as {@code *.previous}, writes a
 * {@code THING.commit} marker and renames each {@code *.next} into place. {@link #load} finishes a commit that a crash
 * interrupted, and ignores staged files that were never committed, so a load never pairs an old key with a new
 * certificate.
 *
 * <p>A device whose key lives in a PKCS#11 token keeps its credentials there instead ({@link TokenKeys#save}); this
 * class writes key files only for extractable keys, and refuses a token's key handle.
 */
public final class CredentialStore {
    private static final String CHAIN = "ca-chain.pem";
    private static final String NEXT = ".next";
    private static final String PREVIOUS = ".previous";

    private final Path dir;
    private final String thingName;

    private CredentialStore(Path dir, String thingName) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        if (thingName.isEmpty() || thingName.contains("/") || thingName.contains("\\") || thingName.startsWith(".")) {
            throw new IllegalArgumentException("thing name is not usable as a file name: " + thingName);
        }
    }

    /** The store for {@code thingName} in {@code dir} (nothing is read or created yet). */
    public static CredentialStore open(Path dir, String thingName) {
        return new CredentialStore(dir, thingName);
    }

    public Path directory() {
        return dir;
    }

    public String thingName() {
        return thingName;
    }

    public Path keyFile() {
        return dir.resolve(thingName + ".key");
    }

    public Path certificateFile() {
        return dir.resolve(thingName + ".crt");
    }

    public Path chainFile() {
        return dir.resolve(CHAIN);
    }

    private Path commitMarker() {
        return dir.resolve(thingName + ".commit");
    }

    private List<Path> files() {
        return List.of(keyFile(), certificateFile(), chainFile());
    }

    /** True when committed credentials are present (after finishing an interrupted commit). */
    public boolean exists() {
        recover();
        return Files.exists(keyFile()) && Files.exists(certificateFile());
    }

    /**
     * The committed credentials.
     *
     * @throws DeviceException {@link DeviceErrorReason#CREDENTIALS_INVALID} when files are missing, unreadable or
     *                         the key does not belong to the certificate
     */
    public DeviceCredentials load() {
        recover();
        return read(keyFile(), certificateFile(), chainFile());
    }

    /** The credentials kept from before the last commit, or null when there are none. */
    public DeviceCredentials previous() {
        Path key = sibling(keyFile(), PREVIOUS);
        if (!Files.exists(key)) {
            return null;
        }
        return read(key, sibling(certificateFile(), PREVIOUS), sibling(chainFile(), PREVIOUS));
    }

    /** Writes {@code credentials} as the current ones (first provisioning): stage, then commit. */
    public void save(DeviceCredentials credentials) {
        stage(credentials);
        commit();
    }

    /** Writes {@code next} beside the current credentials without touching them. */
    public void stage(DeviceCredentials next) {
        requireThing(next);
        try {
            SecretFiles.createPrivateDirectory(dir);
            SecretFiles.writeSecret(sibling(keyFile(), NEXT), Pem.encodePrivateKey(next.privateKey()));
            SecretFiles.writePublic(sibling(certificateFile(), NEXT), Pem.encode(next.certificate()));
            SecretFiles.writePublic(sibling(chainFile(), NEXT), Pem.encode(next.caChain()));
        } catch (PkiException e) {
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID,
                    "the key of " + thingName
                            + " is not extractable; keep it in its token and store certificates only");
        } catch (IOException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "cannot write credentials to " + dir, e);
        }
    }

    /** The staged credentials, or null when nothing is staged. */
    public DeviceCredentials staged() {
        if (!Files.exists(sibling(keyFile(), NEXT))) {
            return null;
        }
        return read(sibling(keyFile(), NEXT), sibling(certificateFile(), NEXT), sibling(chainFile(), NEXT));
    }

    /** Makes the staged credentials current and keeps the replaced ones as {@code *.previous}. */
    public void commit() {
        DeviceCredentials staged = staged();
        if (staged == null) {
            throw new IllegalStateException("nothing staged for " + thingName);
        }
        try {
            for (Path file : files()) {
                if (Files.exists(file)) {
                    copy(file, sibling(file, PREVIOUS));
                }
            }
            SecretFiles.writePublic(commitMarker(), "");
            finishCommit();
        } catch (IOException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "cannot commit credentials in " + dir, e);
        }
    }

    /** Deletes staged credentials that turned out not to work. */
    public void discardStaged() {
        try {
            for (Path file : files()) {
                Files.deleteIfExists(sibling(file, NEXT));
            }
        } catch (IOException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "cannot delete staged files in " + dir, e);
        }
    }

    private void recover() {
        if (!Files.exists(commitMarker())) {
            return;
        }
        try {
            finishCommit();
        } catch (IOException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "cannot finish the commit in " + dir, e);
        }
    }

    /** Idempotent: each rename happens at most once, so re-running it after a crash is safe. */
    private void finishCommit() throws IOException {
        for (Path file : files()) {
            Path next = sibling(file, NEXT);
            if (Files.exists(next)) {
                SecretFiles.replace(next, file);
            }
        }
        Files.deleteIfExists(commitMarker());
    }

    private void copy(Path from, Path to) throws IOException {
        String content = Files.readString(from);
        if (from.equals(keyFile())) {
            SecretFiles.writeSecret(to, content);
        } else {
            SecretFiles.writePublic(to, content);
        }
    }

    private DeviceCredentials read(Path key, Path certificate, Path chain) {
        try {
            PrivateKey privateKey = Pem.parsePrivateKey(Files.readString(key));
            X509Certificate leaf = Pem.parseCertificate(Files.readString(certificate));
            List<X509Certificate> cas =
                    Files.exists(chain) ? Pem.parseCertificates(Files.readString(chain)) : List.of();
            return new DeviceCredentials(thingName, privateKey, leaf, cas);
        } catch (IOException e) {
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID,
                    "cannot read the credentials of " + thingName + " in " + dir + ": "
                            + e.getClass().getSimpleName());
        } catch (PkiException e) {
            // PkiException messages never quote key bytes; its cause is deliberately not attached.
            throw new DeviceException(
                    DeviceErrorReason.CREDENTIALS_INVALID,
                    "the stored credentials of " + thingName + " do not parse: " + e.getMessage());
        }
    }

    private void requireThing(DeviceCredentials credentials) {
        if (!credentials.thingName().equals(thingName)) {
            throw new IllegalArgumentException(
                    "credentials of " + credentials.thingName() + " given to the store of " + thingName);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    @Override
    public String toString() {
        return "CredentialStore{" + dir + ", thing=" + thingName + "}";
    }
}
