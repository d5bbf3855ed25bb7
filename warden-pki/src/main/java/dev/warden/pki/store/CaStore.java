package dev.warden.pki.store;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CaSigner;
import dev.warden.pki.EncryptedKeyExport;
import dev.warden.pki.KeyExportCapability;
import dev.warden.pki.KeySource;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;

/**
 * File-based persistence of a CA hierarchy.
 *
 * <pre>
 * DIR/root.crt, DIR/issuing-REGION.crt, DIR/ocsp-REGION.crt      certificates (0644)
 * DIR/root.key, DIR/issuing-REGION.key, DIR/ocsp-REGION.key      software keys, stored by a {@link PrivateKeyFiles}
 * DIR/keys.properties                                           "software" or "hsm" plus key aliases (never a PIN)
 * </pre>
 *
 * Software keys are read and written only through the {@link PrivateKeyFiles} the caller gives (a node seals them
 * under its KMS master key). Every other file is written to a temporary file created with its final permissions and then atomically moved into
 * place, so a private key is never readable by others, not even briefly, and readers never see partial files.
 * The directory itself is created with mode 0700.
 */
public final class CaStore {
    static final String ROOT_CERT = "root.crt";
    public static final String ROOT_KEY = "root.key";
    static final String KEYS_PROPERTIES = "keys.properties";

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private CaStore() {}

    /** Whether a hierarchy for {@code region} has been initialized in {@code dir}. */
    public static boolean exists(Path dir, String region) {
        return Files.isRegularFile(dir.resolve(ROOT_CERT)) && Files.isRegularFile(dir.resolve(issuingCert(region)));
    }

    /**
     * Creates a new hierarchy with {@link CaHierarchyBuilder#create} and persists it.
     *
     * @throws IllegalStateException if {@code dir} already holds a root CA (this store keeps one root per directory)
     * @throws UncheckedIOException  on file system errors
     */
    public static CaHierarchy initialize(
            Path dir, CaNames names, KeySource keys, PrivateKeyFiles keyFiles, Clock clock) {
        if (Files.exists(dir.resolve(ROOT_CERT)) || exists(dir, names.region())) {
            throw new IllegalStateException("a CA hierarchy already exists in " + dir);
        }
        createDirectory(dir);
        CaHierarchy hierarchy = CaHierarchyBuilder.create(names, keys, clock);
        String region = names.region();
        Properties properties = new Properties();
        if (keys instanceof Pkcs11KeySource) {
            properties.setProperty("type", "hsm");
            properties.setProperty("root.alias", CaHierarchyBuilder.ROOT_ALIAS);
            properties.setProperty("issuing." + region + ".alias", CaHierarchyBuilder.issuingAlias(region));
            properties.setProperty("ocsp." + region + ".alias", CaHierarchyBuilder.ocspAlias(region));
        } else {
            properties.setProperty("type", "software");
            keyFiles.write(dir.resolve(ROOT_KEY), hierarchy.root().privateKey());
            keyFiles.write(dir.resolve(issuingKey(region)), hierarchy.issuing().privateKey());
            keyFiles.write(dir.resolve(ocspKey(region)), hierarchy.ocsp().privateKey());
        }
        writeProperties(dir, properties);
        writePublic(dir.resolve(ROOT_CERT), Pem.encode(hierarchy.root().certificate()));
        writePublic(dir.resolve(ocspCert(region)), Pem.encode(hierarchy.ocsp().certificate()));
        // Written last: its presence is what exists() checks.
        writePublic(
                dir.resolve(issuingCert(region)), Pem.encode(hierarchy.issuing().certificate()));
        return hierarchy;
    }

    /**
     * Loads the hierarchy of {@code region}. Software keys are read from the key files; a missing
     * {@code root.key} (offline root) yields a root {@link CaSigner} with a null private key.
     *
     * @param keysOrNull the opened {@link Pkcs11KeySource} when the store records HSM keys, otherwise null
     * @param keyFiles   where the software keys are stored
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the region is not initialized or a key is missing,
     *         {@link PkiReason#HSM_UNAVAILABLE} if HSM keys are recorded but no Pkcs11KeySource is given
     */
    public static CaHierarchy load(Path dir, String region, KeySource keysOrNull, PrivateKeyFiles keyFiles) {
        if (!exists(dir, region)) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "no CA hierarchy for region " + region + " in " + dir);
        }
        Properties properties = readProperties(dir);
        var rootCert = Pem.parseCertificate(read(dir.resolve(ROOT_CERT)));
        var issuingCert = Pem.parseCertificate(read(dir.resolve(issuingCert(region))));
        var ocspCert = Pem.parseCertificate(read(dir.resolve(ocspCert(region))));
        if ("hsm".equals(properties.getProperty("type"))) {
            if (!(keysOrNull instanceof Pkcs11KeySource hsm)) {
                throw new PkiException(
                        PkiReason.HSM_UNAVAILABLE, "CA keys in " + dir + " are in an HSM; open it first");
            }
            Provider provider = hsm.provider();
            PrivateKey rootKey;
            try {
                rootKey = hsm.loadPrivateKey(properties.getProperty("root.alias", CaHierarchyBuilder.ROOT_ALIAS));
            } catch (PkiException e) {
                if (e.reason() != PkiReason.CA_NOT_AVAILABLE) {
                    throw e;
                }
                rootKey = null; // root key kept on another token (offline)
            }
            return new CaHierarchy(
                    new CaSigner(rootCert, rootKey, provider),
                    new CaSigner(issuingCert, hsm.loadPrivateKey(alias(properties, "issuing", region)), provider),
                    new CaSigner(ocspCert, hsm.loadPrivateKey(alias(properties, "ocsp", region)), provider));
        }
        Path rootKeyFile = dir.resolve(ROOT_KEY);
        PrivateKey rootKey = keyFiles.exists(rootKeyFile) ? keyFiles.read(rootKeyFile) : null;
        return new CaHierarchy(
                new CaSigner(rootCert, rootKey, null),
                new CaSigner(issuingCert, requireKey(keyFiles, dir.resolve(issuingKey(region))), null),
                new CaSigner(ocspCert, requireKey(keyFiles, dir.resolve(ocspKey(region))), null));
    }

    /**
     * Takes the root key offline: writes it encrypted (see {@link EncryptedKeyExport}) to {@code exportFile}
     * with mode 0600, checks that the export decrypts to the same key, and only then deletes {@code root.key}.
     *
     * @throws PkiException {@link PkiReason#KEY_EXPORT_FAILED} for HSM keys or when there is no root key in {@code dir}
     * @throws IllegalStateException if {@code exportFile} already exists
     */
    public static Path offlineRoot(
            Path dir, PrivateKeyFiles keyFiles, char[] passphrase, Path exportFile, KeyExportCapability capability) {
        if ("hsm".equals(readProperties(dir).getProperty("type"))) {
            throw new PkiException(
                    PkiReason.KEY_EXPORT_FAILED, "HSM root keys are non-extractable; keep the token offline instead");
        }
        Path rootKeyFile = dir.resolve(ROOT_KEY);
        if (!keyFiles.exists(rootKeyFile)) {
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "root key is already offline");
        }
        if (Files.exists(exportFile)) {
            throw new IllegalStateException("refusing to overwrite " + exportFile);
        }
        PrivateKey rootKey = keyFiles.read(rootKeyFile);
        String encrypted = EncryptedKeyExport.exportEncrypted(rootKey, passphrase, capability);
        PrivateKey roundTrip = EncryptedKeyExport.importEncrypted(encrypted, passphrase);
        if (!Arrays.equals(roundTrip.getEncoded(), rootKey.getEncoded())) {
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "encrypted export did not round-trip; root key kept");
        }
        Path parent = exportFile.toAbsolutePath().getParent();
        createDirectory(parent);
        writeAtomically(exportFile.toAbsolutePath(), encrypted, OWNER_ONLY);
        try {
            // A plain delete: overwriting in place gives no guarantee on journaling file systems or SSDs, so
            // operators are told to keep CA directories on encrypted storage instead.
            keyFiles.delete(rootKeyFile);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("exported root key but could not delete " + rootKeyFile, e.getCause());
        }
        return exportFile;
    }

    /**
     * Issues and persists a new OCSP signer for {@code region} (replacing the files of the current one).
     *
     * @return the hierarchy with the new OCSP signer
     */
    public static CaHierarchy renewOcspSigner(
            Path dir, CaHierarchy hierarchy, KeySource keys, PrivateKeyFiles keyFiles, Clock clock) {
        String region = regionOf(dir, hierarchy);
        Properties properties = readProperties(dir);
        String alias =
                CaHierarchyBuilder.ocspAlias(region) + "-" + clock.instant().getEpochSecond();
        CaSigner ocsp = CaHierarchyBuilder.renewOcspSigner(hierarchy, keys, clock, alias);
        if ("hsm".equals(properties.getProperty("type"))) {
            properties.setProperty("ocsp." + region + ".alias", alias);
            writeProperties(dir, properties);
        } else {
            keyFiles.write(dir.resolve(ocspKey(region)), ocsp.privateKey());
        }
        writePublic(dir.resolve(ocspCert(region)), Pem.encode(ocsp.certificate()));
        return new CaHierarchy(hierarchy.root(), hierarchy.issuing(), ocsp);
    }

    private static String regionOf(Path dir, CaHierarchy hierarchy) {
        String cn = hierarchy.issuing().certificate().getSubjectX500Principal().getName();
        int start = cn.indexOf("CN=Warden Issuing CA ");
        if (start < 0) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "issuing CA in " + dir + " has an unexpected subject");
        }
        String rest = cn.substring(start + "CN=Warden Issuing CA ".length());
        int comma = rest.indexOf(',');
        return comma < 0 ? rest : rest.substring(0, comma);
    }

    static String issuingCert(String region) {
        return "issuing-" + region + ".crt";
    }

    public static String issuingKey(String region) {
        return "issuing-" + region + ".key";
    }

    static String ocspCert(String region) {
        return "ocsp-" + region + ".crt";
    }

    public static String ocspKey(String region) {
        return "ocsp-" + region + ".key";
    }

    private static String alias(Properties properties, String kind, String region) {
        String alias = properties.getProperty(kind + "." + region + ".alias");
        if (alias == null) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "no " + kind + " key alias recorded for " + region);
        }
        return alias;
    }

    private static PrivateKey requireKey(PrivateKeyFiles keyFiles, Path file) {
        if (!keyFiles.exists(file)) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "key file " + file.getFileName() + " is missing");
        }
        return keyFiles.read(file);
    }

    private static Properties readProperties(Path dir) {
        Properties properties = new Properties();
        Path file = dir.resolve(KEYS_PROPERTIES);
        if (Files.exists(file)) {
            try {
                properties.load(new StringReader(read(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    private static void writeProperties(Path dir, Properties properties) {
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "Warden CA key locations (no secrets)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writePublic(dir.resolve(KEYS_PROPERTIES), out.toString());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void writePublic(Path file, String content) {
        writeAtomically(file, content, WORLD_READABLE);
    }

    /** Temp file created with its final permissions (never a window with wider access), then moved over {@code file}. */
    static void writeAtomically(Path file, String content, Set<PosixFilePermission> permissions) {
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(permissions);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", attribute);
            // createTempFile honours the umask for the attribute; set explicitly so 0644 files are exact.
            Files.setPosixFilePermissions(temp, permissions);
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort cleanup of our own temp file; the original error is more useful.
                }
            }
        }
    }
}
