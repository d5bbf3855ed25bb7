package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.testkit.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Buckets through the CLI of a real node, on SQLite and PostgreSQL: objects round-trip but are never at rest in the
 * clear (data directory and pg_dump); bad input gets a precise reason code and stores nothing; access is the
 * caller's policies OR the bucket policy, an explicit Deny in either wins; Block Public Access is on by default,
 * refuses grants to everyone at write time, and turning it off is its own audited action.
 */
@Tag("postgresql")
class BucketsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void objectsAreEncryptedAtRestAndBadInputIsRefused(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        try (NodeHarness harness = new NodeHarness(data, db)) {
            // GIVEN a bucket and three objects holding unique markers, one under a key with slashes
            ok(harness.cli("bucket", "create", "firmware", "--retention-days", "30"));
            List<String> markers = new ArrayList<>();
            List<String> keys = List.of("images/v1.bin", "images/v2.bin", "notes.txt");
            for (String key : keys) {
                String marker = "MARKER-OBJECT-" + key + "-" + UUID.randomUUID() + "-".repeat(40);
                markers.add(marker);
                ok(harness.cli(
                        "bucket",
                        "put",
                        "firmware",
                        key,
                        "--file",
                        file("in", marker).toString(),
                        "--content-type",
                        "application/octet-stream"));
            }

            // THEN they read back, are listed by prefix without content, and a PUT replaces
            for (int i = 0; i < keys.size(); i++) {
                assertThat(ok(harness.cli("bucket", "get", "firmware", keys.get(i), "--out", "-"))
                                .out())
                        .isEqualTo(markers.get(i));
            }
            JsonNode listed = JSON.readTree(ok(harness.cli("bucket", "ls", "firmware", "--prefix", "images/", "--json"))
                    .out());
            assertThat(listed.path("objects").findValuesAsText("key"))
                    .containsExactly("images/v1.bin", "images/v2.bin");
            assertThat(listed.toString()).doesNotContain("MARKER");
            String replaced = "MARKER-REPLACED-" + UUID.randomUUID() + "-".repeat(40);
            markers.add(replaced);
            ok(harness.cli(
                    "bucket",
                    "put",
                    "firmware",
                    "notes.txt",
                    "--file",
                    file("in", replaced).toString()));
            assertThat(ok(harness.cli("bucket", "get", "firmware", "notes.txt", "--out", "-"))
                            .out())
                    .isEqualTo(replaced);

            // AND no marker is anywhere at rest in the clear
            harness.node.audit().log().flushAndSign();
            AtRestScan.assertNoMarkerUnder(data, markers);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "bucket_objects"), markers);
            }

            // WHEN the input is bad THEN a precise reason code, and nothing is stored
            assertThat(harness.cli("bucket", "create", "Bad_Name").err()).contains("INVALID_BUCKET_NAME");
            assertThat(harness.cli("bucket", "create", "firmware").err()).contains("BUCKET_ALREADY_EXISTS");
            assertThat(harness.cli("bucket", "create", "short-lived", "--retention-days", "0")
                            .err())
                    .contains("INVALID_RETENTION");
            Path big = dir.resolve("big");
            Files.write(big, new byte[512 * 1024 + 1]);
            assertThat(harness.cli("bucket", "put", "firmware", "big.bin", "--file", big.toString())
                            .err())
                    .contains("OBJECT_TOO_LARGE");
            assertThat(harness.cli(
                                    "bucket",
                                    "put",
                                    "firmware",
                                    "k".repeat(1025),
                                    "--file",
                                    file("in", "x").toString())
                            .err())
                    .contains("INVALID_OBJECT_KEY");
            assertThat(harness.cli(
                                    "bucket",
                                    "put",
                                    "nowhere",
                                    "k",
                                    "--file",
                                    file("in", "x").toString())
                            .err())
                    .contains("NO_SUCH_BUCKET");
            assertThat(harness.cli("bucket", "get", "firmware", "missing", "--out", "-")
                            .err())
                    .contains("NO_SUCH_KEY");
            assertThat(harness.cli(
                                    "bucket",
                                    "policy-put",
                                    "firmware",
                                    "--file",
                                    file(
                                                    "p.json",
                                                    "{\"Version\":\"2012-10-17\","
                                                            + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"warden:GetObject\",\"Resource\":\"*\"}}")
                                            .toString())
                            .err())
                    .contains("INVALID_POLICY")
                    .contains("MISSING_ELEMENT");
            assertThat(harness.cli(
                                    "bucket",
                                    "policy-put",
                                    "firmware",
                                    "--file",
                                    policy(
                                                    "Allow",
                                                    "{\"Warden\":\"arn:warden:iam::default:user/bob\"}",
                                                    "warden:GetObject",
                                                    "arn:warden:warden:eu-west-1:default:bucket/other/*")
                                            .toString())
                            .err())
                    .contains("INVALID_POLICY_RESOURCE");
            assertThat(harness.cli("bucket", "policy-get", "firmware").err()).contains("NO_SUCH_BUCKET_POLICY");
            JsonNode objects = JSON.readTree(ok(harness.cli("bucket", "ls", "firmware", "--json"))
                            .out())
                    .path("objects");
            assertThat(objects.findValuesAsText("key")).containsExactlyElementsOf(keys);
            assertThat(JSON.readTree(ok(harness.cli("bucket", "list", "--json")).out())
                            .path("buckets")
                            .findValuesAsText("name"))
                    .containsExactly("firmware");

            // AND a bucket with objects cannot be deleted; emptied, it can, and its data key is shredded
            assertThat(harness.cli("bucket", "delete", "firmware").err()).contains("BUCKET_NOT_EMPTY");
            for (String key : keys) {
                ok(harness.cli("bucket", "rm", "firmware", key));
            }
            assertThat(harness.cli("bucket", "rm", "firmware", "notes.txt").err())
                    .contains("NO_SUCH_KEY");
            ok(harness.cli("bucket", "delete", "firmware"));
            assertThat(harness.cli("bucket", "ls", "firmware").err()).contains("NO_SUCH_BUCKET");
            // a new bucket of the same name gets a fresh key
            ok(harness.cli("bucket", "create", "firmware"));
            ok(harness.cli(
                    "bucket",
                    "put",
                    "firmware",
                    "a",
                    "--file",
                    file("in", "again").toString()));
            assertThat(ok(harness.cli("bucket", "get", "firmware", "a", "--out", "-"))
                            .out())
                    .isEqualTo("again");

            List<JsonNode> events = KmsEndToEndIT.awaitEvents(
                    harness,
                    Set.of(
                            "warden:CreateBucket",
                            "warden:PutObject",
                            "warden:GetObject",
                            "warden:ListBucket",
                            "warden:DeleteObject",
                            "warden:DeleteBucket",
                            "warden:PutBucketPolicy",
                            "kms:DestroyDataKey"));
            assertThat(events)
                    .anyMatch(e -> e.path("action").asText().equals("warden:PutObject")
                            && e.path("resource")
                                    .asText()
                                    .equals("arn:warden:warden:eu-west-1:default:bucket/firmware/images/v1.bin"));
            assertThat(events)
                    .anyMatch(e -> e.path("action").asText().equals("warden:PutObject")
                            && e.path("details").path("errorCode").asText().equals("OBJECT_TOO_LARGE"));
        }
    }

    @Test
    void retentionDeletesOnlyExpiredObjectsOfBucketsWithARetention() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            ok(harness.cli("bucket", "create", "short", "--retention-days", "1"));
            ok(harness.cli("bucket", "create", "forever"));
            ok(harness.cli(
                    "bucket", "put", "short", "a", "--file", file("in", "a").toString()));
            ok(harness.cli(
                    "bucket", "put", "forever", "a", "--file", file("in", "a").toString()));
            assertThat(harness.node.buckets().applyRetention(Instant.now())).isZero();
            assertThat(harness.node.buckets().applyRetention(Instant.now().plus(Duration.ofDays(2))))
                    .isEqualTo(1);
            assertThat(harness.cli("bucket", "get", "short", "a", "--out", "-").err())
                    .contains("NO_SUCH_KEY");
            assertThat(ok(harness.cli("bucket", "get", "forever", "a", "--out", "-"))
                            .out())
                    .isEqualTo("a");
        }
    }

    @Test
    void accessIsIdentityOrBucketPolicyAndAnExplicitDenyWins() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            Path pw = file("pw", "a long enough password\n");
            ok(harness.cli("user", "create", "bob", "--password-file", pw.toString()));
            ok(harness.cli("user", "create", "carol", "--password-file", pw.toString()));
            Path bob = file(
                    "bob.token",
                    ok(harness.cli("login", "bob", "--password-file", pw.toString()))
                            .out()
                            .trim());
            Path carol = file(
                    "carol.token",
                    ok(harness.cli("login", "carol", "--password-file", pw.toString()))
                            .out()
                            .trim());
            ok(harness.cli("bucket", "create", "fw1"));
            ok(harness.cli(
                    "bucket",
                    "put",
                    "fw1",
                    "v1.bin",
                    "--file",
                    file("in", "image").toString()));

            // GIVEN bob and carol have no policy of their own THEN neither can read
            assertThat(harness.cli("bucket", "get", "fw1", "v1.bin", "--out", "-", "--token-file", bob.toString())
                            .err())
                    .contains("ACCESS_DENIED");

            // WHEN the bucket policy grants bob GetObject THEN bob can read, carol still cannot, and bob cannot write
            ok(harness.cli(
                    "bucket",
                    "policy-put",
                    "fw1",
                    "--file",
                    file("grant.json", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "BobReads", "Effect": "Allow", "Principal": {"Warden": "arn:warden:iam::default:user/bob"},
                       "Action": "warden:GetObject", "Resource": "arn:warden:warden:eu-west-1:default:bucket/fw1/*"},
                      {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*",
                       "Action": "warden:DeleteObject", "Resource": "arn:warden:warden:eu-west-1:default:bucket/fw1/*"}]}
                    """).toString()));
            assertThat(ok(harness.cli("bucket", "get", "fw1", "v1.bin", "--out", "-", "--token-file", bob.toString()))
                            .out())
                    .isEqualTo("image");
            assertThat(harness.cli("bucket", "get", "fw1", "v1.bin", "--out", "-", "--token-file", carol.toString())
                            .err())
                    .contains("ACCESS_DENIED");
            assertThat(harness.cli(
                                    "bucket",
                                    "put",
                                    "fw1",
                                    "x",
                                    "--file",
                                    file("in", "x").toString(),
                                    "--token-file",
                                    bob.toString())
                            .err())
                    .contains("ACCESS_DENIED");

            // AND the bucket's Deny beats the admin's full access (a Deny to everyone is not a public grant)
            assertThat(harness.cli("bucket", "rm", "fw1", "v1.bin").err())
                    .contains("ACCESS_DENIED")
                    .contains("NoDeletes");
            assertThat(ok(harness.cli("bucket", "policy-get", "fw1")).out()).contains("BobReads");

            // AND the trail names the bucket statement that decided
            JsonNode read = KmsEndToEndIT.awaitEvents(harness, Set.of("warden:GetObject")).stream()
                    .filter(e -> e.path("action").asText().equals("warden:GetObject"))
                    .filter(e -> e.path("principal").path("id").asText().equals("bob"))
                    .filter(e -> e.path("result").asText().equals("ALLOW"))
                    .findFirst()
                    .orElseThrow();
            assertThat(read.path("decidingStatement").asText()).isEqualTo("bucket/fw1/BobReads");
        }
    }

    @Test
    void blockPublicAccessIsOnByDefaultAndTurningItOffIsAudited() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            ok(harness.cli("bucket", "create", "public-fw"));
            assertThat(ok(harness.cli("bucket", "public-access-block")).out()).contains("Block Public Access: on");

            // GIVEN the default THEN every spelling of "everyone" is refused at write time, and nothing is stored
            for (String everyone : List.of(
                    "\"*\"",
                    "{\"AWS\": \"*\"}",
                    "{\"Warden\": \"*\"}",
                    "{\"Warden\": [\"arn:warden:iam::default:user/bob\", \"*\"]}")) {
                assertThat(harness.cli(
                                        "bucket",
                                        "policy-put",
                                        "public-fw",
                                        "--file",
                                        policy(
                                                        "Allow",
                                                        everyone,
                                                        "warden:GetObject",
                                                        "arn:warden:warden:eu-west-1:default:bucket/public-fw/*")
                                                .toString())
                                .err())
                        .as(everyone)
                        .contains("PUBLIC_ACCESS_BLOCKED");
            }
            assertThat(harness.cli("bucket", "policy-get", "public-fw").err()).contains("NO_SUCH_BUCKET_POLICY");

            // WHEN an admin turns it off THEN a public grant is accepted
            assertThat(ok(harness.cli("bucket", "public-access-block", "--off")).out())
                    .contains("off");
            ok(harness.cli(
                    "bucket",
                    "policy-put",
                    "public-fw",
                    "--file",
                    policy(
                                    "Allow",
                                    "\"*\"",
                                    "warden:GetObject",
                                    "arn:warden:warden:eu-west-1:default:bucket/public-fw/*")
                            .toString()));

            // AND it cannot be turned on again while that grant exists; once the grant is gone, it can
            assertThat(harness.cli("bucket", "public-access-block", "--on").err())
                    .contains("PUBLIC_POLICIES_EXIST")
                    .contains("public-fw");
            ok(harness.cli("bucket", "policy-delete", "public-fw"));
            assertThat(ok(harness.cli("bucket", "public-access-block", "--on")).out())
                    .contains("Block Public Access: on");

            // AND each switch is its own audited action
            List<JsonNode> switches = KmsEndToEndIT.awaitEvents(harness, Set.of("warden:PutPublicAccessBlock")).stream()
                    .filter(e -> e.path("action").asText().equals("warden:PutPublicAccessBlock"))
                    .toList();
            assertThat(switches).extracting(e -> e.path("result").asText()).contains("ALLOW", "ERROR");
            assertThat(switches)
                    .allMatch(e -> e.path("resource")
                            .asText()
                            .equals("arn:warden:warden:eu-west-1:default:public-access-block"));
            assertThat(KmsEndToEndIT.awaitEvents(harness, Set.of("warden:PutBucketPolicy")).stream()
                            .filter(e ->
                                    e.path("details").path("errorCode").asText().equals("PUBLIC_ACCESS_BLOCKED"))
                            .count())
                    .isEqualTo(4);
        }
    }

    private Path policy(String effect, String principal, String action, String resource) throws Exception {
        return file(
                "policy.json",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"" + effect + "\", \"Principal\": "
                        + principal + ", \"Action\": \"" + action + "\", \"Resource\": \"" + resource + "\"}]}");
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
