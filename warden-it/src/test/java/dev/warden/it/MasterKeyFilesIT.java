package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.node.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region's master key on disk: created on first start (mode 0600) with a generated passphrase when none is
 * configured, reopened on later starts so earlier ciphertexts stay readable; a configured passphrase is never copied
 * into the data directory, and a wrong or missing one stops the node.
 */
class MasterKeyFilesIT {
    @TempDir
    Path dir;

    @Test
    void withoutAConfiguredPassphraseOneIsGeneratedOnceAndUsedOnLaterStarts() throws Exception {
        Path data = dir.resolve("data");
        Path ciphertext = dir.resolve("c.b64");
        try (NodeHarness harness = new NodeHarness(data, null)) {
            ok(harness.cli(
                    "kms",
                    "encrypt",
                    "default",
                    "--owner",
                    "o",
                    "--record",
                    "r",
                    "--plaintext",
                    "kept",
                    "--out",
                    ciphertext.toString()));
        }
        Path passphrase = data.resolve("kms/master-passphrase");
        assertThat(Files.getPosixFilePermissions(passphrase)).isEqualTo(PkiEndToEndIT.ownerOnly());
        assertThat(Files.getPosixFilePermissions(data.resolve("kms/master-eu-west-1.key")))
                .isEqualTo(PkiEndToEndIT.ownerOnly());
        assertThat(Files.getPosixFilePermissions(data.resolve("kms")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String generated = Files.readString(passphrase).trim();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.readString(data.resolve("kms/master-eu-west-1.key"))).doesNotContain(generated);

        try (NodeHarness restarted = new NodeHarness(data, null)) {
            NodeHarness.CliResult decrypted =
                    ok(restarted.cli("kms", "decrypt", "--owner", "o", "--record", "r", "--in", ciphertext.toString()));
            assertThat(decrypted.out()).isEqualTo("kept\n");
            assertThat(decrypted.out() + decrypted.err()).doesNotContain(generated);
        }
        assertThat(Files.readString(passphrase).trim()).isEqualTo(generated);
    }

    @Test
    void aConfiguredPassphraseStaysOutsideAndAWrongOrMissingOneStopsTheNode() throws Exception {
        Path data = dir.resolve("data");
        Path passphrase = dir.resolve("master-passphrase.txt");
        Files.writeString(passphrase, "a long enough master passphrase\n");
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "not the master passphrase\n");
        try (NodeHarness harness =
                new NodeHarness(data, null, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, passphrase.toString()))) {
            ok(harness.cli("secret", "put", "s", "--value", "v-123"));
        }
        assertThat(data.resolve("kms/master-passphrase")).doesNotExist();
        assertThat(data.resolve("kms/master-eu-west-1.key")).exists();

        assertThatThrownBy(() ->
                        new NodeHarness(data, null, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, wrong.toString())))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).reason()).isEqualTo(KmsReason.WRONG_PASSPHRASE))
                .hasMessageNotContaining("not the master passphrase");
        assertThatThrownBy(() -> new NodeHarness(data, null))
                .isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((KmsException) e).reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));
        assertThat(data.resolve("kms/master-passphrase")).doesNotExist();

        try (NodeHarness again =
                new NodeHarness(data, null, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, passphrase.toString()))) {
            assertThat(ok(again.cli("secret", "get", "s")).out()).isEqualTo("v-123\n");
        }
    }
}
