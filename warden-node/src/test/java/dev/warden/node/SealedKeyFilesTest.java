package dev.warden.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.kms.MasterKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.store.PrivateKeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's private key files are sealed under its master key: bound to their name and region, migrated from plaintext. */
class SealedKeyFilesTest {
    private static final MasterKey MASTER = TestMasterKeys.create("mk-1111", "eu-west-1");

    @TempDir
    Path dir;

    private final SealedKeyFiles files = new SealedKeyFiles(MASTER);

    @Test
    void aWrittenKeyIsStoredSealedWithModeOwnerOnlyAndReadsBack() throws Exception {
        PrivateKey key = newKey();
        files.write(dir.resolve("server.key"), key);

        Path sealed = dir.resolve("server.key.sealed");
        assertThat(dir.resolve("server.key")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(sealed)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String content = Files.readString(sealed);
        assertThat(content)
                .startsWith("WARDEN SEALED KEY v1\nfile: server.key\nregion: eu-west-1\nmaster-key: mk-1111\n\n")
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(
                        Base64.getEncoder().encodeToString(key.getEncoded()).substring(8, 40));
        assertThat(files.exists(dir.resolve("server.key"))).isTrue();
        assertThat(files.read(dir.resolve("server.key")).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void aSealedFileSwappedForAnotherOneDoesNotOpen() throws Exception {
        files.write(dir.resolve("server.key"), newKey());
        files.write(dir.resolve("audit-signing.key"), newKey());
        String audit = Files.readString(dir.resolve("audit-signing.key.sealed"));

        // WHEN the audit key's sealed file is copied over the TLS key's
        Files.writeString(dir.resolve("server.key.sealed"), audit);
        SealedKeyException swapped =
                catchThrowableOfType(() -> files.read(dir.resolve("server.key")), SealedKeyException.class);
        assertThat(swapped.reason()).isEqualTo(SealedKeyException.Reason.WRONG_FILE);
        assertThat(swapped.file()).isEqualTo("server.key.sealed");
        assertThat(swapped).hasMessageContaining("server.key.sealed").hasMessageContaining("audit-signing.key");

        // AND even with its header edited to match, the associated data binds the ciphertext to its file name
        Files.writeString(
                dir.resolve("server.key.sealed"), audit.replace("file: audit-signing.key", "file: server.key"));
        assertThat(catchThrowableOfType(() -> files.read(dir.resolve("server.key")), SealedKeyException.class)
                        .reason())
                .isEqualTo(SealedKeyException.Reason.DECRYPTION_FAILED);
    }

    @Test
    void anotherMasterKeyDoesNotOpenIt() {
        files.write(dir.resolve("token-signing.key"), newKey());

        SealedKeyException other = catchThrowableOfType(
                () -> new SealedKeyFiles(TestMasterKeys.create("mk-2222", "eu-west-1"))
                        .read(dir.resolve("token-signing.key")),
                SealedKeyException.class);
        assertThat(other.reason()).isEqualTo(SealedKeyException.Reason.WRONG_MASTER_KEY);
        assertThat(other).hasMessageContaining("mk-1111").hasMessageContaining("mk-2222");

        // a different key that claims the same id fails authentication
        SealedKeyException sameId = catchThrowableOfType(
                () -> new SealedKeyFiles(TestMasterKeys.create("mk-1111", "eu-west-1"))
                        .read(dir.resolve("token-signing.key")),
                SealedKeyException.class);
        assertThat(sameId.reason()).isEqualTo(SealedKeyException.Reason.DECRYPTION_FAILED);
        assertThat(sameId).hasMessageContaining("token-signing.key.sealed");

        // and a key of another region does not either
        assertThat(catchThrowableOfType(
                                () -> new SealedKeyFiles(TestMasterKeys.create("mk-1111", "us-east-1"))
                                        .read(dir.resolve("token-signing.key")),
                                SealedKeyException.class)
                        .reason())
                .isEqualTo(SealedKeyException.Reason.WRONG_FILE);
    }

    @Test
    void aTruncatedOrForeignFileIsMalformed() throws Exception {
        Files.writeString(dir.resolve("root.key.sealed"), "hello\n");
        assertThat(catchThrowableOfType(() -> files.read(dir.resolve("root.key")), SealedKeyException.class)
                        .reason())
                .isEqualTo(SealedKeyException.Reason.MALFORMED);
    }

    @Test
    void aPlaintextKeyFileOfAnOlderNodeIsSealedAndRemoved() throws Exception {
        PrivateKey key = newKey();
        PrivateKeyFiles.plaintext().write(dir.resolve("audit-signing.key"), key);
        PrivateKeyFiles.plaintext().write(dir.resolve("root.key"), newKey());
        Files.writeString(dir.resolve("audit-signing.pub"), "not a private key");

        assertThat(files.migrateAll(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("audit-signing.key", "root.key");

        assertThat(dir.resolve("audit-signing.key")).doesNotExist();
        assertThat(dir.resolve("root.key")).doesNotExist();
        assertThat(dir.resolve("audit-signing.pub")).exists();
        assertThat(files.read(dir.resolve("audit-signing.key")).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(files.migrateAll(dir)).isEmpty();
    }

    @Test
    void aMigrationInterruptedAfterSealingOnlyRemovesThePlaintext() throws Exception {
        PrivateKey key = newKey();
        files.write(dir.resolve("server.key"), key);
        String sealed = Files.readString(dir.resolve("server.key.sealed"));
        PrivateKeyFiles.plaintext().write(dir.resolve("server.key"), key);

        assertThat(files.read(dir.resolve("server.key")).getEncoded()).isEqualTo(key.getEncoded());

        assertThat(dir.resolve("server.key")).doesNotExist();
        assertThat(Files.readString(dir.resolve("server.key.sealed"))).isEqualTo(sealed);
    }

    @Test
    void deleteRemovesTheSealedFile() {
        files.write(dir.resolve("root.key"), newKey());
        files.delete(dir.resolve("root.key"));
        assertThat(files.exists(dir.resolve("root.key"))).isFalse();
        assertThat(dir.resolve("root.key.sealed")).doesNotExist();
    }

    static PrivateKey newKey() {
        return CsrBuilder.generateDeviceKey(KeyType.EC_P256).getPrivate();
    }

    static boolean parsesAsPrivateKey(byte[] content) {
        try {
            Pem.privateKeyFromPkcs8(content);
            return true;
        } catch (RuntimeException e) {
            try {
                Pem.parsePrivateKey(new String(content, StandardCharsets.ISO_8859_1));
                return true;
            } catch (RuntimeException again) {
                return false;
            }
        }
    }
}
