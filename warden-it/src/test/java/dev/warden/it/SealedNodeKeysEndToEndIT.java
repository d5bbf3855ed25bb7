package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.kms.MasterKey;
import dev.warden.kms.masterkey.MasterKeyFile;
import dev.warden.node.NodeLayout;
import dev.warden.node.SealedKeyFiles;
import dev.warden.pki.Pem;
import dev.warden.pki.store.PrivateKeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without an HSM, every private key of the node under pki/ (root, issuing and OCSP CA keys, TLS, audit-signing and
 * token-signing keys) is kept only sealed under the KMS master key: nothing under the data directory holds a key in
 * the clear, the node starts again from the sealed files, and plaintext files of an older node are migrated.
 */
class SealedNodeKeysEndToEndIT {
    static final List<String> KEYS = List.of(
            "root.key",
            "issuing-eu-west-1.key",
            "ocsp-eu-west-1.key",
            "server.key",
            "audit-signing.key",
            "token-signing.key",
            "audit-seal.key");

    @TempDir
    Path dir;

    @Test
    void noPrivateKeyIsInTheClearUnderTheDataDirectoryAndTheNodeStartsAgainFromTheSealedFiles() throws Exception {
        Path data = dir.resolve("data");
        try (NodeHarness first = new NodeHarness(data, null)) {
            ok(first.cli(
                    "device", "enroll", "before", "--out", dir.resolve("d1").toString()));
        }
        NodeLayout layout = new NodeLayout(data);
        Map<String, PrivateKey> keys = readSealedKeys(layout);
        assertThat(keys).containsOnlyKeys(KEYS);
        for (String name : KEYS) {
            assertThat(layout.pkiDir().resolve(name)).doesNotExist();
            assertThat(Files.getPosixFilePermissions(
                            SealedKeyFiles.sealedPath(layout.pkiDir().resolve(name))))
                    .isEqualTo(PkiEndToEndIT.ownerOnly());
        }
        assertNoKeyInTheClear(data, keys);

        // WHEN restarted THEN it serves TLS (the CLI talks to the admin API over HTTPS) and issues from its CA
        try (NodeHarness again = new NodeHarness(data, null)) {
            ok(again.cli("device", "enroll", "after", "--out", dir.resolve("d2").toString()));
            again.node.audit().log().flushAndSign();
        }
        assertNoKeyInTheClear(data, keys);
    }

    @Test
    void plaintextKeyFilesOfAnOlderNodeAreSealedAndRemovedAtStart() throws Exception {
        Path data = dir.resolve("data");
        try (NodeHarness first = new NodeHarness(data, null)) {
            ok(first.cli(
                    "device", "enroll", "before", "--out", dir.resolve("d1").toString()));
            first.node.audit().log().flushAndSign();
        }
        NodeLayout layout = new NodeLayout(data);
        Map<String, PrivateKey> keys = readSealedKeys(layout);
        // GIVEN the key files as an older node kept them: plaintext PKCS#8 PEM, no sealed files
        for (String name : KEYS) {
            Path file = layout.pkiDir().resolve(name);
            PrivateKeyFiles.plaintext().write(file, keys.get(name));
            Files.delete(SealedKeyFiles.sealedPath(file));
        }

        NodeHarness upgraded = new NodeHarness(data, null);
        try (upgraded) {
            ok(upgraded.cli(
                    "device", "enroll", "after", "--out", dir.resolve("d2").toString()));
            upgraded.node.audit().log().flushAndSign();
        }

        // THEN the same keys are now sealed and the plaintext files are gone; the audit trail still verifies
        Map<String, PrivateKey> migrated = readSealedKeys(layout);
        for (String name : KEYS) {
            assertThat(layout.pkiDir().resolve(name)).doesNotExist();
            assertThat(migrated.get(name).getEncoded())
                    .as(name)
                    .isEqualTo(keys.get(name).getEncoded());
        }
        assertNoKeyInTheClear(data, keys);
        ok(upgraded.cli("audit", "verify"));
    }

    /** Each sealed key of pki/, opened with the node's master key (its passphrase was generated on first start). */
    static Map<String, PrivateKey> readSealedKeys(NodeLayout layout) throws Exception {
        MasterKey masterKey = MasterKeyFile.open(
                layout.masterKey("eu-west-1"),
                Files.readString(layout.generatedMasterKeyPassphrase()).strip().toCharArray());
        SealedKeyFiles files = new SealedKeyFiles(masterKey);
        Map<String, PrivateKey> keys = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(layout.pkiDir())) {
            for (Path sealed : list.filter(f -> f.toString().endsWith(SealedKeyFiles.SUFFIX))
                    .sorted()
                    .toList()) {
                String name = sealed.getFileName().toString().replace(SealedKeyFiles.SUFFIX, "");
                keys.put(name, files.read(sealed.resolveSibling(name)));
            }
        }
        return keys;
    }

    /** No file under {@code data} says PRIVATE KEY, parses as a private key, or holds one of {@code keys}' encodings. */
    static void assertNoKeyInTheClear(Path data, Map<String, PrivateKey> keys) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String content = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(content).as(file.toString()).doesNotContain("PRIVATE KEY");
            assertThat(parsesAsPrivateKey(bytes)).as(file.toString()).isFalse();
            for (Map.Entry<String, PrivateKey> key : keys.entrySet()) {
                byte[] der = key.getValue().getEncoded();
                assertThat(content)
                        .as("%s holds %s", file, key.getKey())
                        .doesNotContain(new String(der, StandardCharsets.ISO_8859_1));
                AtRestScan.assertNoMarkerIn(
                        file + " (" + key.getKey() + ")",
                        content,
                        List.of(Base64.getEncoder().encodeToString(der)));
            }
        }
    }

    private static boolean parsesAsPrivateKey(byte[] bytes) {
        try {
            Pem.privateKeyFromPkcs8(bytes);
            return true;
        } catch (RuntimeException e) {
            try {
                Pem.parsePrivateKey(new String(bytes, StandardCharsets.ISO_8859_1));
                return true;
            } catch (RuntimeException again) {
                return false;
            }
        }
    }
}
