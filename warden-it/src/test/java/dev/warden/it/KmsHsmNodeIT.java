package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.node.NodeLayout;
import dev.warden.node.config.ConfigKey;
import dev.warden.testkit.SoftHsm2;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kms-hsm pkcs11:...}: a node whose KMS master key is a non-extractable key inside a SoftHSM2 token. No
 * master key file nor passphrase is written; the hierarchy reopens from the token after a restart; without the HSM
 * the node refuses to start; a file-key rotation is refused for an HSM key.
 */
@Tag("softhsm")
class KmsHsmNodeIT {
    @TempDir
    Path dir;

    @Test
    void aNodeKeepsItsMasterKeyInThePkcs11Token() {
        SoftHsm2.Token token = SoftHsm2.jvmToken();
        Path data = dir.resolve("data");
        NodeLayout layout = new NodeLayout(data);
        Map<ConfigKey, String> hsm = Map.of(ConfigKey.KMS_HSM, token.uri());
        NodeHarness first = new NodeHarness(data, null, hsm);
        try (first) {
            ok(first.cli("secret", "put", "db-password", "--value", "kept-in-hsm-hierarchy"));
            assertThat(ok(first.cli("secret", "get", "db-password")).out().trim())
                    .isEqualTo("kept-in-hsm-hierarchy");
            // AND a signing key of origin HSM is refused with its reason: the master key's token is not a key store
            // for KMS keys, only the node's hsm (none here) is
            NodeHarness.CliResult refused =
                    first.cli("kms", "create-key", "in-token", "--spec", "ECC_NIST_P256", "--origin", "hsm");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("HSM_NOT_CONFIGURED");
            assertThat(ok(first.cli("kms", "list-keys")).out()).doesNotContain("in-token");
        }
        // THEN no master key material was written to the data directory
        assertThat(layout.masterKey("eu-west-1")).doesNotExist();
        assertThat(layout.generatedMasterKeyPassphrase()).doesNotExist();
        assertThat(first.cli(
                                "kms",
                                "rotate-master-key",
                                "--new-passphrase-file",
                                write("p", "a new long passphrase"),
                                "--kms-hsm",
                                token.uri())
                        .err())
                .contains("PKCS#11 HSM");

        // AND after a restart the token's key opens the stored hierarchy again
        try (NodeHarness again = new NodeHarness(data, null, hsm)) {
            assertThat(ok(again.cli("secret", "get", "db-password")).out().trim())
                    .isEqualTo("kept-in-hsm-hierarchy");
        }
        // AND without the HSM the node does not start
        assertThatThrownBy(() -> new NodeHarness(data, null).close())
                .isInstanceOfSatisfying(
                        KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));
        // AND a wrong PIN is a clear refusal, not a start
        String wrongPin = token.uri().replace("pin-value=" + token.pin(), "pin-value=0000");
        assertThatThrownBy(() -> new NodeHarness(data, null, Map.of(ConfigKey.KMS_HSM, wrongPin)).close())
                .isInstanceOfSatisfying(
                        KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));
    }

    private String write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            java.nio.file.Files.writeString(file, content);
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
