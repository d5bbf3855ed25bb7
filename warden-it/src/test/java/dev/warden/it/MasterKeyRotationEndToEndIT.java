package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.kms.masterkey.MasterKeyRotation;
import dev.warden.node.NodeLayout;
import dev.warden.node.SealedKeyFiles;
import dev.warden.node.SealedKeyRotation;
import dev.warden.node.config.ConfigKey;
import dev.warden.storage.Database;
import dev.warden.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code warden kms rotate-master-key} on a stopped node: afterwards the node starts with the new passphrase and
 * reads everything stored before (secrets, bucket objects); the old master key file and its generated passphrase
 * are gone; the rotation is in the audit trail, which still verifies. A rotation interrupted after its commit
 * (before the file swap) leaves the new key valid and is completed by running the command again; so is one
 * interrupted while switching the node's sealed private key files to the new master key.
 */
@Tag("postgresql")
class MasterKeyRotationEndToEndIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void rotatesEndToEndFromTheCli(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        NodeLayout layout = new NodeLayout(data);
        NodeHarness first = new NodeHarness(data, db);
        try (first) {
            ok(first.cli("secret", "put", "db-password", "--value", "before-rotation"));
            ok(first.cli("bucket", "create", "fw1"));
            Files.writeString(dir.resolve("image"), "firmware-image");
            ok(first.cli(
                    "bucket",
                    "put",
                    "fw1",
                    "v1.bin",
                    "--file",
                    dir.resolve("image").toString()));
            // WHEN the node runs THEN the rotation is refused
            assertThat(first.cli(
                                    "kms",
                                    "rotate-master-key",
                                    "--new-passphrase-file",
                                    passphrase("new").toString())
                            .err())
                    .contains("stop it first");
        }
        String oldKeyFile = Files.readString(layout.masterKey("eu-west-1"));
        Path newPassphrase = passphrase("new");

        // WHEN rotated with the node stopped
        String out = ok(first.cli("kms", "rotate-master-key", "--new-passphrase-file", newPassphrase.toString()))
                .out();
        assertThat(out)
                .contains("Master key rotated")
                .contains("keysets re-wrapped")
                .contains("7 private key files under pki/ re-sealed");
        assertThat(Files.readString(layout.masterKey("eu-west-1"))).isNotEqualTo(oldKeyFile);
        assertThat(layout.generatedMasterKeyPassphrase()).doesNotExist();
        assertThat(layout.masterKey("eu-west-1").resolveSibling("master-eu-west-1.key.new"))
                .doesNotExist();

        // THEN without the new passphrase the node does not start; with it, everything stored before reads back
        assertThatThrownBy(() -> new NodeHarness(data, db).close()).isInstanceOf(KmsException.class);
        try (NodeHarness after =
                new NodeHarness(data, db, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, newPassphrase.toString()))) {
            assertThat(ok(after.cli("secret", "get", "db-password")).out().trim())
                    .isEqualTo("before-rotation");
            assertThat(ok(after.cli("bucket", "get", "fw1", "v1.bin", "--out", "-"))
                            .out())
                    .isEqualTo("firmware-image");
            List<JsonNode> events = KmsEndToEndIT.awaitEvents(after, Set.of("kms:RotateMasterKey"));
            JsonNode rotation = events.stream()
                    .filter(e -> e.path("action").asText().equals("kms:RotateMasterKey"))
                    .findFirst()
                    .orElseThrow();
            assertThat(rotation.path("principal").path("type").asText()).isEqualTo("operator");
            assertThat(rotation.path("details").path("keysetsRewrapped").asInt())
                    .isPositive();
            after.node.audit().log().flushAndSign();
        }
        // AND the trail, written to by the offline rotation too, still verifies
        ok(first.cli("audit", "verify"));
    }

    @Test
    void aRotationInterruptedAfterItsCommitIsCompletedByRunningItAgain() throws Exception {
        Path data = dir.resolve("data");
        NodeLayout layout = new NodeLayout(data);
        NodeHarness first = new NodeHarness(data, null);
        try (first) {
            ok(first.cli("secret", "put", "db-password", "--value", "before-crash"));
        }
        // GIVEN a rotation that committed and then "crashed" before replacing the file
        Path current = layout.masterKey("eu-west-1");
        Path pending = current.resolveSibling("master-eu-west-1.key.new");
        MasterKey old = MasterKeyFile.open(
                current,
                Files.readString(layout.generatedMasterKeyPassphrase()).strip().toCharArray());
        MasterKey next = MasterKeyFile.create(pending, "eu-west-1", "the new long passphrase".toCharArray());
        try (Database db = Database.open(null, data)) {
            MasterKeyRotation.rotate(db, old, next);
        }
        // THEN the old key no longer opens the hierarchy: the node refuses to start, naming the master key
        assertThatThrownBy(() -> new NodeHarness(data, null).close())
                .isInstanceOfSatisfying(
                        KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.MASTER_KEY_UNAVAILABLE));
        // AND a different new passphrase cannot take over the pending key
        assertThat(first.cli(
                                "kms",
                                "rotate-master-key",
                                "--new-passphrase-file",
                                passphrase("wrong").toString())
                        .err())
                .contains("error");
        // WHEN run again with the same new passphrase THEN it completes, and the node starts with it
        Path newPassphrase = dir.resolve("same");
        Files.writeString(newPassphrase, "the new long passphrase\n");
        assertThat(ok(first.cli("kms", "rotate-master-key", "--new-passphrase-file", newPassphrase.toString()))
                        .out())
                .contains("0 keysets re-wrapped")
                .contains("already under the new key");
        try (NodeHarness after =
                new NodeHarness(data, null, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, newPassphrase.toString()))) {
            assertThat(ok(after.cli("secret", "get", "db-password")).out().trim())
                    .isEqualTo("before-crash");
        }
    }

    @Test
    void aRotationInterruptedWhileSwitchingTheSealedKeyFilesIsCompletedByRunningItAgain() throws Exception {
        Path data = dir.resolve("data");
        NodeLayout layout = new NodeLayout(data);
        NodeHarness first = new NodeHarness(data, null);
        try (first) {
            ok(first.cli("secret", "put", "db-password", "--value", "before-crash"));
        }
        Map<String, java.security.PrivateKey> keys = SealedNodeKeysEndToEndIT.readSealedKeys(layout);
        // GIVEN a rotation that re-sealed the key files as .new, committed, then "crashed" after switching one file
        Path current = layout.masterKey("eu-west-1");
        MasterKey old = MasterKeyFile.open(
                current,
                Files.readString(layout.generatedMasterKeyPassphrase()).strip().toCharArray());
        MasterKey next = MasterKeyFile.create(
                current.resolveSibling("master-eu-west-1.key.new"),
                "eu-west-1",
                "the new long passphrase".toCharArray());
        new SealedKeyRotation(layout.pkiDir(), old, next).prepare();
        try (Database db = Database.open(null, data)) {
            MasterKeyRotation.rotate(db, old, next);
        }
        Path server = layout.pkiDir().resolve("server.key.sealed");
        Files.move(
                server.resolveSibling("server.key.sealed.new"),
                server,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        // THEN the node does not start with the old passphrase
        assertThatThrownBy(() -> new NodeHarness(data, null).close()).isInstanceOf(RuntimeException.class);

        // WHEN run again with the same new passphrase THEN every key file is under the new key, none pending
        Path newPassphrase = dir.resolve("same");
        Files.writeString(newPassphrase, "the new long passphrase\n");
        ok(first.cli("kms", "rotate-master-key", "--new-passphrase-file", newPassphrase.toString()));
        try (Stream<Path> pki = Files.list(layout.pkiDir())) {
            assertThat(pki.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".new"));
        }
        SealedKeyFiles sealed =
                new SealedKeyFiles(MasterKeyFile.open(current, "the new long passphrase".toCharArray()));
        keys.forEach((name, key) -> assertThat(
                        sealed.read(layout.pkiDir().resolve(name)).getEncoded())
                .as(name)
                .isEqualTo(key.getEncoded()));
        // AND the node starts with the new passphrase only, serving TLS with its unchanged keys
        try (NodeHarness after =
                new NodeHarness(data, null, Map.of(ConfigKey.MASTER_KEY_PASSPHRASE_FILE, newPassphrase.toString()))) {
            assertThat(ok(after.cli("secret", "get", "db-password")).out().trim())
                    .isEqualTo("before-crash");
        }
    }

    private Path passphrase(String name) throws Exception {
        Path file = dir.resolve(name + ".passphrase");
        Files.writeString(file, "passphrase " + name + " long enough\n");
        return file;
    }
}
