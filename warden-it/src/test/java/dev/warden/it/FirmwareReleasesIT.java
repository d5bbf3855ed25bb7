package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Firmware releases through the CLI of a real node: an image larger than a bucket object is published once, described
 * with the hashes of its bytes, never replaced and, once revoked, kept but marked; a principal without
 * {@code firmware:PublishRelease} publishes nothing; every change is audited.
 */
class FirmwareReleasesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void releasesArePublishedOnceRevokedWithAReasonAndAuthorized() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN a 1.5 MiB image
            byte[] image = new byte[1536 * 1024];
            new Random(7).nextBytes(image);
            Path file = Files.write(dir.resolve("sensor-2.4.0.bin"), image);

            // WHEN it is published for thing type sensor
            String published = ok(node.cli(
                            "firmware",
                            "publish",
                            "--type",
                            "sensor",
                            "--version",
                            "2.4.0",
                            "--file",
                            file.toString(),
                            "--min-version",
                            "2.0.0",
                            "--hardware",
                            "rev-a,rev-b"))
                    .out();

            // THEN its description holds the hashes of exactly those bytes
            JsonNode shown =
                    JSON.readTree(ok(node.cli("firmware", "show", "--type", "sensor", "--version", "2.4.0", "--json"))
                            .out());
            assertThat(published).contains("sensor 2.4.0: " + image.length + " bytes, sha256 " + hex("SHA-256", image));
            assertThat(shown.path("sha512").asText()).isEqualTo(hex("SHA-512", image));
            assertThat(shown.path("minVersion").asText()).isEqualTo("2.0.0");
            assertThat(shown.path("hardware").toString()).isEqualTo("[\"rev-a\",\"rev-b\"]");
            assertThat(shown.path("target").asText()).isEqualTo("sensor/2.4.0/firmware.bin");
            assertThat(node.node.firmware().image("sensor", "2.4.0")).isEqualTo(image);

            // AND it is never replaced, even as 2.4
            Path other = Files.write(dir.resolve("other.bin"), new byte[] {1, 2, 3});
            NodeHarness.CliResult again =
                    node.cli("firmware", "publish", "--type", "sensor", "--version", "2.4", "--file", other.toString());
            assertThat(again.exitCode()).isNotZero();
            assertThat(again.err()).contains("RELEASE_EXISTS");
            assertThat(node.node.firmware().image("sensor", "2.4.0")).isEqualTo(image);

            // AND bad input is refused with its reason, storing nothing
            assertThat(node.cli(
                                    "firmware",
                                    "publish",
                                    "--type",
                                    "sensor",
                                    "--version",
                                    "v3",
                                    "--file",
                                    other.toString())
                            .err())
                    .contains("INVALID_VERSION");
            assertThat(node.cli(
                                    "firmware",
                                    "publish",
                                    "--type",
                                    "sensor",
                                    "--version",
                                    "1.0",
                                    "--min-version",
                                    "1.1",
                                    "--file",
                                    other.toString())
                            .err())
                    .contains("MIN_VERSION_ABOVE_VERSION");

            // AND a revoked release stays listed, marked, with who and why
            ok(node.cli("firmware", "publish", "--type", "sensor", "--version", "2.5.0", "--file", other.toString()));
            assertThat(ok(node.cli(
                                    "firmware",
                                    "revoke",
                                    "--type",
                                    "sensor",
                                    "--version",
                                    "2.4.0",
                                    "--reason",
                                    "boot loop on rev-a"))
                            .out())
                    .contains("sensor 2.4.0 (REVOKED: boot loop on rev-a)");
            JsonNode listed = JSON.readTree(ok(node.cli("firmware", "list", "--type", "sensor", "--json"))
                    .out());
            assertThat(listed.path("releases").findValuesAsText("version")).containsExactly("2.5.0", "2.4.0");
            assertThat(listed.path("releases").get(1).path("revokedBy").asText())
                    .startsWith("admin:");

            // AND a job is refused, creating nothing, for a revoked release, a thing of another type, an unknown thing
            // or a rollout out of range; a job ends once
            ok(node.cli(
                    "device",
                    "enroll",
                    "sensor-9",
                    "--type",
                    "sensor",
                    "--out",
                    dir.resolve("s9").toString()));
            ok(node.cli(
                    "device",
                    "enroll",
                    "pump-9",
                    "--type",
                    "pump",
                    "--out",
                    dir.resolve("p9").toString()));
            assertThat(jobRefusal(node, "j1", "2.4.0", "sensor-9")).contains("RELEASE_REVOKED");
            assertThat(jobRefusal(node, "j2", "2.5.0", "pump-9")).contains("WRONG_THING_TYPE");
            assertThat(jobRefusal(node, "j3", "2.5.0", "nobody")).contains("UNKNOWN_THING");
            assertThat(jobRefusal(node, "j4", "2.5.0", "sensor-9", "--max-per-minute", "0"))
                    .contains("INVALID_ROLLOUT");
            assertThat(jobRefusal(node, "j5", "2.5.0", "sensor-9", "--window", "25:00/60"))
                    .contains("INVALID_ROLLOUT");
            assertThat(ok(node.cli("job", "list")).out()).doesNotContain("j1", "j2", "j3", "j4", "j5");
            ok(node.cli("job", "create", "j6", "--type", "sensor", "--release", "2.5.0", "--thing", "sensor-9"));
            ok(node.cli("job", "cancel", "j6", "--reason", "wrong window"));
            assertThat(node.cli("job", "cancel", "j6").err()).contains("JOB_ENDED");

            // AND a user allowed only to read releases publishes nothing
            Path token = reader(node);
            NodeHarness.CliResult denied = node.cli(
                    "firmware",
                    "publish",
                    "--type",
                    "sensor",
                    "--version",
                    "9.0",
                    "--file",
                    other.toString(),
                    "--token-file",
                    token.toString());
            assertThat(denied.exitCode()).isNotZero();
            assertThat(denied.err()).contains("ACCESS_DENIED");
            assertThat(ok(node.cli("firmware", "list", "--token-file", token.toString()))
                            .out())
                    .doesNotContain("9.0");

            // AND every change, allowed or refused, is in the audit trail
            node.node.audit().log().flushAndSign();
            String trail =
                    ok(node.cli("audit", "query", "--json", "--limit", "100")).out();
            assertThat(trail)
                    .contains("firmware:PublishRelease")
                    .contains("firmware:RevokeRelease")
                    .contains("arn:warden:firmware:eu-west-1:default:release/sensor/2.4.0");
            assertThat(JSON.readTree(trail).path("events").findValuesAsText("result"))
                    .contains("DENY");
        }
    }

    private static String jobRefusal(NodeHarness node, String id, String version, String thing, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(
                java.util.List.of("job", "create", id, "--type", "sensor", "--release", version, "--thing", thing));
        args.addAll(java.util.List.of(more));
        NodeHarness.CliResult result = node.cli(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.out()).isNotZero();
        return result.err();
    }

    private Path reader(NodeHarness node) throws Exception {
        Path policy = Files.writeString(
                dir.resolve("readers.json"),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"firmware:List*\",\"firmware:Describe*\"],\"Resource\":\"*\"}]}");
        Path password = Files.writeString(dir.resolve("pw"), "a reader's password 1234");
        ok(node.cli("policy", "create", "firmware-readers", "--file", policy.toString()));
        ok(node.cli("user", "create", "reader", "--password-file", password.toString()));
        ok(node.cli("policy", "attach", "firmware-readers", "--user", "reader"));
        String token = ok(node.cli("login", "reader", "--password-file", password.toString()))
                .out()
                .strip();
        return Files.writeString(dir.resolve("reader.token"), token);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
