package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files through the CLI are bytes, not text: random bytes of 0 B, 1 B, 1 KiB and 511 KiB (every byte value, invalid
 * UTF-8 throughout) round-trip unchanged through {@code bucket put} / {@code bucket get} to standard output and to a
 * file, and through {@code kms encrypt --in} / {@code kms decrypt --out} (a file and {@code -}).
 */
class BinaryFilesEndToEndIT {
    private static final int[] SIZES = {0, 1, 1024, 511 * 1024};

    @TempDir
    Path dir;

    @Test
    void randomBytesRoundTripThroughBucketsAndKms() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            ok(harness.cli("bucket", "create", "firmware"));
            Random random = new Random(27);
            for (int size : SIZES) {
                // GIVEN a file of random bytes
                byte[] content = new byte[size];
                random.nextBytes(content);
                Path in = Files.write(dir.resolve("in-" + size + ".bin"), content);

                // WHEN stored in a bucket THEN it comes back byte for byte, on standard output and into a file
                assertThat(ok(harness.cli("bucket", "put", "firmware", "fw-" + size + ".bin", "--file", in.toString()))
                                .out())
                        .contains("(" + size + " bytes)");
                assertThat(ok(harness.cli("bucket", "get", "firmware", "fw-" + size + ".bin", "--out", "-"))
                                .outBytes())
                        .as("bucket get --out - of %d bytes", size)
                        .isEqualTo(content);
                Path out = dir.resolve("out-" + size + ".bin");
                assertThat(ok(harness.cli("bucket", "get", "firmware", "fw-" + size + ".bin", "--out", out.toString()))
                                .out())
                        .contains("(" + size + " bytes)");
                assertThat(Files.readAllBytes(out))
                        .as("bucket get --out FILE of %d bytes", size)
                        .isEqualTo(content);

                if (size == 0) {
                    continue; // KMS, as AWS KMS, has no empty plaintext
                }
                // AND encrypted from the file, it decrypts to the same bytes, into a file and to standard output
                Path ciphertext = dir.resolve("ct-" + size + ".b64");
                ok(harness.cli(
                        "kms",
                        "encrypt",
                        "default",
                        "--owner",
                        "o",
                        "--record",
                        "r-" + size,
                        "--in",
                        in.toString(),
                        "--out",
                        ciphertext.toString()));
                Path decrypted = dir.resolve("pt-" + size + ".bin");
                ok(harness.cli(
                        "kms",
                        "decrypt",
                        "--owner",
                        "o",
                        "--record",
                        "r-" + size,
                        "--in",
                        ciphertext.toString(),
                        "--out",
                        decrypted.toString()));
                assertThat(Files.readAllBytes(decrypted))
                        .as("kms decrypt --out FILE of %d bytes", size)
                        .isEqualTo(content);
                assertThat(ok(harness.cli(
                                        "kms",
                                        "decrypt",
                                        "--owner",
                                        "o",
                                        "--record",
                                        "r-" + size,
                                        "--in",
                                        ciphertext.toString(),
                                        "--out",
                                        "-"))
                                .outBytes())
                        .as("kms decrypt --out - of %d bytes", size)
                        .isEqualTo(content);
            }
        }
    }
}
