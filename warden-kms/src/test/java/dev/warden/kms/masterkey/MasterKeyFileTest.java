package dev.warden.kms.masterkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsFixture;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The passphrase-protected master key file: owner-only, useless without the passphrase, loud when edited. */
class MasterKeyFileTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

    @Test
    void createdFileIsOwnerOnlyAndReopensToTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eu-west-1.key");
        MasterKey created = MasterKeyFile.create(file, "eu-west-1", PASSPHRASE.clone(), KdfParameters.recommended());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        byte[] ciphertext = created.encrypt("hello".getBytes(StandardCharsets.UTF_8), AAD);
        char[] typed = PASSPHRASE.clone();
        MasterKey reopened = MasterKeyFile.open(file, typed);
        assertThat(typed).as("passphrase cleared after use").containsOnly('\0');
        assertThat(reopened.keyId()).isEqualTo(created.keyId()).startsWith("mk-");
        assertThat(reopened.region()).isEqualTo("eu-west-1");
        assertThat(new String(reopened.decrypt(ciphertext, AAD), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(reopened.toString()).isEqualTo("MasterKey[" + created.keyId() + ", eu-west-1]");

        String content = Files.readString(file);
        assertThat(content)
                .contains("\"argon2id\"", "\"memoryKiB\" : 65536", "\"salt\"")
                .doesNotContain("primaryKeyId")
                .doesNotContain("keyData")
                .doesNotContain("correct horse");
        assertThat(catchThrowableOfType(
                                KmsException.class, () -> MasterKeyFile.create(file, "eu-west-1", PASSPHRASE.clone()))
                        .reason())
                .isEqualTo(KmsReason.ALREADY_EXISTS);
    }

    @Test
    void wrongPassphraseIsAClearErrorWithoutSecrets(@TempDir Path dir) {
        Path file = dir.resolve("k");
        MasterKeyFile.create(file, "eu-west-1", PASSPHRASE.clone(), KmsFixture.FAST_KDF);

        KmsException e = catchThrowableOfType(
                KmsException.class, () -> MasterKeyFile.open(file, "correct horse battery stapler".toCharArray()));
        assertThat(e.reason()).isEqualTo(KmsReason.WRONG_PASSPHRASE);
        assertThat(e.getMessage()).contains("wrong passphrase").doesNotContain("stapler");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void editedParametersFailLikeAWrongPassphrase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k");
        MasterKeyFile.create(file, "eu-west-1", PASSPHRASE.clone(), KmsFixture.FAST_KDF);
        // GIVEN an attacker who rewrites the region (or cost parameters) in the file THEN the key no longer opens.
        Files.writeString(file, Files.readString(file).replace("eu-west-1", "us-east-1"));
        assertThat(catchThrowableOfType(KmsException.class, () -> MasterKeyFile.open(file, PASSPHRASE.clone()))
                        .reason())
                .isEqualTo(KmsReason.WRONG_PASSPHRASE);
    }

    @Test
    void refusesFilesOthersCanReadShortPassphrasesAndWeakParameters(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k");
        MasterKeyFile.create(file, "eu-west-1", PASSPHRASE.clone(), KmsFixture.FAST_KDF);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(catchThrowableOfType(KmsException.class, () -> MasterKeyFile.open(file, PASSPHRASE.clone()))
                        .reason())
                .isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE);

        assertThat(catchThrowableOfType(
                                KmsException.class,
                                () -> MasterKeyFile.create(dir.resolve("short"), "eu-west-1", "hunter2".toCharArray()))
                        .reason())
                .isEqualTo(KmsReason.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(KmsException.class, () -> new KdfParameters(1024, 1, 1))
                        .reason())
                .isEqualTo(KmsReason.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(
                                KmsException.class,
                                () -> MasterKeyFile.open(dir.resolve("missing"), PASSPHRASE.clone()))
                        .reason())
                .isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE);
    }
}
