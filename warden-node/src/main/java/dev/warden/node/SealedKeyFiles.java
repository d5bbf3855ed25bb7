package dev.warden.node;

import dev.warden.kms.MasterKey;
import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.pki.store.PrivateKeyFiles;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's private keys, sealed under the region's KMS master key: the key named {@code pki/server.key} is stored as
 * {@code pki/server.key.sealed} (mode 0600, written atomically), never as plaintext.
 *
 * <pre>
 * WARDEN SEALED KEY v1
 * file: server.key
 * region: eu-west-1
 * master-key: mk-0123456789abcdef
 *
 * BASE64(master key AEAD(PKCS#8 DER, associated data "warden-sealed-key-v1|REGION|FILE NAME")), 64 per line
 * </pre>
 *
 * The header is informative (it makes failures precise); what binds the ciphertext to its region and file name is the
 * associated data, so a sealed file swapped for another, or moved to another node, does not open. A plaintext PKCS#8
 * file left by an older node is sealed and removed the first time it is read ({@link #migrate}).
 */
public final class SealedKeyFiles implements PrivateKeyFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SealedKeyFiles.class);
    static final String HEADER = "WARDEN SEALED KEY v1";
    public static final String SUFFIX = ".sealed";
    private static final String AD_PREFIX = "warden-sealed-key-v1|";

    private final MasterKey masterKey;

    public SealedKeyFiles(MasterKey masterKey) {
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
    }

    /** Where the key named {@code file} is stored sealed. */
    public static Path sealedPath(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    @Override
    public void write(Path file, PrivateKey key) {
        SecureFiles.writeSecret(sealedPath(file), seal(file.getFileName().toString(), key), false);
    }

    @Override
    public PrivateKey read(Path file) {
        migrate(file);
        Path sealed = sealedPath(file);
        if (!Files.exists(sealed)) {
            throw new PkiException(PkiReason.CA_NOT_AVAILABLE, "key file " + sealed.getFileName() + " is missing");
        }
        return open(file.getFileName().toString(), sealed.getFileName().toString(), NodeInitializer.read(sealed));
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(sealedPath(file)) || Files.exists(file);
    }

    @Override
    public void delete(Path file) {
        wipe(file);
        try {
            Files.deleteIfExists(sealedPath(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + sealedPath(file), e);
        }
    }

    /**
     * Seals a plaintext key file left by an older node and removes the plaintext (logging one line, without key
     * material). If a sealed file exists already (a migration interrupted after sealing), only the removal is done.
     *
     * @return whether a plaintext file was found
     */
    public boolean migrate(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Path sealed = sealedPath(file);
        if (!Files.exists(sealed)) {
            PrivateKey key = Pem.parsePrivateKey(NodeInitializer.read(file));
            write(file, key);
            PrivateKey reopened =
                    open(file.getFileName().toString(), sealed.getFileName().toString(), NodeInitializer.read(sealed));
            if (!Arrays.equals(reopened.getEncoded(), key.getEncoded())) {
                throw new IllegalStateException(
                        "sealing " + file.getFileName() + " did not round-trip; plaintext kept");
            }
        }
        wipe(file);
        LOG.info(
                "sealed {} under the KMS master key {} as {} and removed the plaintext file",
                file.getFileName(),
                masterKey.keyId(),
                sealed.getFileName());
        return true;
    }

    /** Migrates every plaintext PKCS#8 file ({@code *.key} holding "PRIVATE KEY") in {@code dir}; see {@link #migrate}. */
    public List<Path> migrateAll(Path dir) {
        List<Path> migrated = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return migrated;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".key"))
                    .sorted()
                    .toList()) {
                if (NodeInitializer.read(file).contains("PRIVATE KEY") && migrate(file)) {
                    migrated.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return migrated;
    }

    /** The sealed file content for the key named {@code fileName}. */
    String seal(String fileName, PrivateKey key) {
        byte[] der = key.getEncoded();
        byte[] ciphertext;
        try {
            ciphertext = masterKey.encrypt(der, associatedData(fileName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot seal " + fileName + " under the KMS master key " + masterKey.keyId());
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        return HEADER + "\nfile: " + fileName + "\nregion: " + masterKey.region() + "\nmaster-key: " + masterKey.keyId()
                + "\n\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ciphertext)
                + "\n";
    }

    /**
     * Opens sealed {@code content} as the key named {@code fileName}.
     *
     * @param shownName the name used in errors (the file actually read)
     * @throws SealedKeyException naming {@code shownName} and the reason
     */
    PrivateKey open(String fileName, String shownName, String content) {
        String[] parts = content.split("\n\n", 2);
        String[] lines = parts[0].split("\n");
        if (parts.length != 2 || !lines[0].strip().equals(HEADER)) {
            throw new SealedKeyException(SealedKeyException.Reason.MALFORMED, shownName, "not a '" + HEADER + "' file");
        }
        Map<String, String> header = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon > 0) {
                header.put(
                        lines[i].substring(0, colon),
                        lines[i].substring(colon + 2).strip());
            }
        }
        String sealedFor = header.getOrDefault("file", "?");
        if (!sealedFor.equals(fileName) || !masterKey.region().equals(header.get("region"))) {
            throw new SealedKeyException(
                    SealedKeyException.Reason.WRONG_FILE,
                    shownName,
                    "it holds the key sealed for " + sealedFor + " of region " + header.get("region") + ", not "
                            + fileName + " of " + masterKey.region());
        }
        if (!masterKey.keyId().equals(header.get("master-key"))) {
            throw new SealedKeyException(
                    SealedKeyException.Reason.WRONG_MASTER_KEY,
                    shownName,
                    "sealed under master key "
                            + header.get("master-key") + ", but the node opened " + masterKey.keyId()
                            + " (if a master-key rotation was interrupted, run it again with the same new passphrase)");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getMimeDecoder().decode(parts[1].strip());
        } catch (IllegalArgumentException e) {
            throw new SealedKeyException(SealedKeyException.Reason.MALFORMED, shownName, "the body is not base64");
        }
        byte[] der;
        try {
            der = masterKey.decrypt(ciphertext, associatedData(fileName));
        } catch (GeneralSecurityException e) {
            throw new SealedKeyException(
                    SealedKeyException.Reason.DECRYPTION_FAILED,
                    shownName,
                    "does not open under master key " + masterKey.keyId() + " as " + fileName
                            + " (altered, or swapped with another sealed file)");
        }
        try {
            return Pem.privateKeyFromPkcs8(der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    private byte[] associatedData(String fileName) {
        return (AD_PREFIX + masterKey.region() + "|" + fileName).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Overwrites {@code file} with zeros, then deletes it. Overwriting gives no guarantee on SSDs (wear levelling) or
     * journaling and copy-on-write file systems, where old blocks may survive: a node that once kept plaintext keys
     * should be treated as having exposed them to whoever could read its disk.
     */
    static void wipe(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return;
            }
            long size = Files.size(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(4096);
                for (long written = 0; written < size; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                    written += channel.write(zeros, written);
                }
                channel.force(true);
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the plaintext key file " + file, e);
        }
    }
}
