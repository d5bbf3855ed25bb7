package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.node.NodeLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GIVEN unique markers stored as secret values and encrypted as plaintexts through the CLI, THEN no file of the
 * node's data directory (SQLite database and WAL, PKI, KMS files, logs) holds any of them, while the node runs and
 * after it stopped.
 */
class KmsAtRestMarkerIT {
    @TempDir
    Path dir;

    @Test
    void noSecretValueOrPlaintextIsStoredInTheClear() throws Exception {
        Path data = dir.resolve("data");
        Path written = dir.resolve("written");
        Files.createDirectories(written);
        List<String> markers = new ArrayList<>();
        try (NodeHarness harness = new NodeHarness(data, null)) {
            for (int i = 0; i < 3; i++) {
                String secret = "MARKER-SECRET-" + i + "-" + UUID.randomUUID();
                String plaintext = "MARKER-PLAINTEXT-" + i + "-" + UUID.randomUUID();
                markers.add(secret);
                markers.add(plaintext);
                ok(harness.cli("secret", "put", "marker-" + i, "--value", secret));
                assertThat(ok(harness.cli("secret", "get", "marker-" + i)).out().trim())
                        .isEqualTo(secret);
                Path ciphertext = written.resolve("c" + i);
                ok(harness.cli(
                        "kms",
                        "encrypt",
                        "default",
                        "--owner",
                        "thing-" + i,
                        "--record",
                        "r",
                        "--plaintext",
                        plaintext,
                        "--out",
                        ciphertext.toString()));
                assertThat(ok(harness.cli(
                                        "kms",
                                        "decrypt",
                                        "--owner",
                                        "thing-" + i,
                                        "--record",
                                        "r",
                                        "--in",
                                        ciphertext.toString()))
                                .out()
                                .trim())
                        .isEqualTo(plaintext);
            }
            String listing = ok(harness.cli("secret", "list", "--json")).out();
            markers.forEach(m -> assertThat(listing).doesNotContain(m));
            assertNoMarkerUnder(data, markers);
        }
        assertNoMarkerUnder(data, markers);
    }

    private static void assertNoMarkerUnder(Path data, List<String> markers) throws IOException {
        Path skipped = new NodeLayout(data).generatedMasterKeyPassphrase();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(skipped))
                    .toList();
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith(".db"));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String marker : markers) {
                byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
                assertThat(content)
                        .as("%s holds a marker", file)
                        .doesNotContain(marker)
                        .doesNotContain(
                                Base64.getEncoder().encodeToString(bytes).substring(0, 40));
            }
        }
    }
}
