package dev.warden.kms.masterkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.warden.kms.KeyArn;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.TinkKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A region's master key kept in a passphrase-protected file (mode 0600): a Tink AES-256-GCM keyset encrypted under a
 * wrapping key derived from the passphrase with Argon2id. The salt and cost parameters are stored in the file and
 * bound to the ciphertext as associated data, so an edited file fails like a wrong passphrase.
 */
public final class MasterKeyFile {
    static final String FORMAT = "warden-kms-master-key/1";
    static final int MIN_PASSPHRASE_LENGTH = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private MasterKeyFile() {}

    /** Creates a new master key for {@code region} with {@link KdfParameters#recommended()}; see {@link #create(Path, String, char[], KdfParameters)}. */
    public static MasterKey create(Path file, String region, char[] passphrase) {
        return create(file, region, passphrase, KdfParameters.recommended());
    }

    /**
     * Generates a new master key and writes it to {@code file} (created with mode 0600, never overwritten). The
     * passphrase array is cleared once the wrapping key is derived.
     *
     * @throws KmsException {@link KmsReason#ALREADY_EXISTS} if the file exists, {@link KmsReason#INVALID_ARGUMENT}
     *                      for a malformed region or a passphrase shorter than 12 characters
     */
    public static MasterKey create(Path file, String region, char[] passphrase, KdfParameters kdf) {
        KeyArn.requireRegion(region);
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT,
                    "a master-key passphrase needs at least " + MIN_PASSPHRASE_LENGTH + " characters");
        }
        if (Files.exists(file)) {
            throw new KmsException(KmsReason.ALREADY_EXISTS, "master key file " + file + " already exists");
        }
        byte[] salt = random(16);
        String keyId = "mk-" + HexFormat.of().formatHex(random(8));
        KeysetHandle keyset = TinkKeys.newAes256Gcm();
        byte[] encrypted;
        try {
            encrypted = TinkKeys.encrypt(
                    keyset, wrappingKey(passphrase, salt, kdf), associatedData(region, keyId, kdf, salt));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("region", region);
        node.put("keyId", keyId);
        ObjectNode kdfNode = node.putObject("kdf");
        kdfNode.put("algorithm", "argon2id");
        kdfNode.put("memoryKiB", kdf.memoryKiB());
        kdfNode.put("iterations", kdf.iterations());
        kdfNode.put("parallelism", kdf.parallelism());
        kdfNode.put("salt", Base64.getEncoder().encodeToString(salt));
        node.put("encryptedKeyset", Base64.getEncoder().encodeToString(encrypted));
        writeOwnerOnly(file, node.toPrettyString().getBytes(StandardCharsets.UTF_8));
        return new KeysetMasterKey(keyId, region, TinkKeys.aead(keyset));
    }

    /**
     * Opens a master key file. The passphrase array is cleared once the wrapping key is derived.
     *
     * @throws KmsException {@link KmsReason#WRONG_PASSPHRASE} if the passphrase does not decrypt it (or the file was
     *                      altered); {@link KmsReason#MASTER_KEY_UNAVAILABLE} if it is missing, unreadable,
     *                      malformed or accessible by group or others
     */
    public static MasterKey open(Path file, char[] passphrase) {
        if (!Files.isRegularFile(file)) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "master key file " + file + " does not exist");
        }
        requireOwnerOnly(file);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "cannot read master key file " + file);
        }
        if (node == null
                || !FORMAT.equals(node.path("format").asText())
                || !"argon2id".equals(node.path("kdf").path("algorithm").asText())) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE, "master key file " + file + " has an unknown format");
        }
        String region = node.path("region").asText();
        String keyId = node.path("keyId").asText();
        JsonNode k = node.path("kdf");
        KdfParameters kdf = new KdfParameters(
                k.path("memoryKiB").asInt(),
                k.path("iterations").asInt(),
                k.path("parallelism").asInt());
        byte[] salt;
        byte[] encrypted;
        try {
            salt = Base64.getDecoder().decode(k.path("salt").asText());
            encrypted = Base64.getDecoder().decode(node.path("encryptedKeyset").asText());
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "master key file " + file + " is malformed");
        }
        KeysetHandle keyset;
        try {
            keyset = TinkKeys.decrypt(
                    encrypted,
                    wrappingKey(passphrase, salt, kdf),
                    associatedData(region, keyId, kdf, salt),
                    KmsReason.WRONG_PASSPHRASE,
                    "master key file " + file + ": wrong passphrase or altered file");
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        return new KeysetMasterKey(keyId, region, TinkKeys.aead(keyset));
    }

    private static Aead wrappingKey(char[] passphrase, byte[] salt, KdfParameters kdf) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(kdf.memoryKiB())
                .withIterations(kdf.iterations())
                .withParallelism(kdf.parallelism())
                .build());
        byte[] key = new byte[32];
        try {
            generator.generateBytes(passphrase, key);
            return new AesGcmJce(key);
        } catch (GeneralSecurityException e) {
            throw new KmsException(
                    KmsReason.INTERNAL,
                    "cannot build the wrapping key (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] associatedData(String region, String keyId, KdfParameters kdf, byte[] salt) {
        return String.join(
                        "|",
                        FORMAT,
                        region,
                        keyId,
                        "argon2id",
                        Integer.toString(kdf.memoryKiB()),
                        Integer.toString(kdf.iterations()),
                        Integer.toString(kdf.parallelism()),
                        Base64.getEncoder().encodeToString(salt))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void writeOwnerOnly(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(
                    dir,
                    ".master-key",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            if (Files.size(file) != content.length) {
                throw new IOException("short write");
            }
        } catch (FileAlreadyExistsException e) {
            throw new KmsException(KmsReason.ALREADY_EXISTS, "master key file " + file + " already exists");
        } catch (IOException | UnsupportedOperationException e) {
            throw new KmsException(
                    KmsReason.MASTER_KEY_UNAVAILABLE,
                    "cannot write master key file " + file + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The temporary file holds only the encrypted keyset; leaving it behind leaks nothing.
                }
            }
        }
    }

    private static void requireOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new KmsException(KmsReason.MASTER_KEY_UNAVAILABLE, "cannot read permissions of " + file);
        }
        for (PosixFilePermission p : permissions) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                throw new KmsException(
                        KmsReason.MASTER_KEY_UNAVAILABLE,
                        "master key file " + file + " is accessible by group or others; chmod 600 it");
            }
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A master key held in memory as a Tink AEAD; the keyset itself is not reachable from here. */
    private static final class KeysetMasterKey implements MasterKey {
        private final String keyId;
        private final String region;
        private final Aead aead;

        KeysetMasterKey(String keyId, String region, Aead aead) {
            this.keyId = keyId;
            this.region = region;
            this.aead = aead;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            return aead.encrypt(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            return aead.decrypt(ciphertext, associatedData);
        }

        @Override
        public String keyId() {
            return keyId;
        }

        @Override
        public String region() {
            return region;
        }

        @Override
        public String toString() {
            return "MasterKey[" + keyId + ", " + region + "]";
        }
    }
}
