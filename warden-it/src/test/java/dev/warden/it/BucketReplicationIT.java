package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.buckets.BucketException;
import dev.warden.buckets.BucketReason;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.testkit.DelayingProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bucket replication where residency allows, with three real regions: eu-central-1 (control region), eu-west-1 (a
 * member that reaches it through a proxy that can be cut) and us-east-1. The jurisdictions put the two EU regions
 * together; a rule eu-west-1 to eu-central-1 replicates objects (same bytes, under eu-central-1's own key, a marker in
 * neither region's files in the clear), a rule to us-east-1 is refused with 400 RESIDENCY_VIOLATION, a cut link delays
 * replication and loses nothing, and both regions' trails hold every replication.
 */
class BucketReplicationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "firmware-eu";

    @TempDir
    Path dir;

    @Test
    void anEuBucketReplicatesWithinTheEuOnlyAndSurvivesACutLink() throws Exception {
        try (NodeHarness central = NodeHarness.region(dir, "eu-central-1");
                NodeHarness west = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1");
                DelayingProxy link =
                        new DelayingProxy("127.0.0.1", central.node.regions().linkPort(), Duration.ZERO)) {
            // GIVEN a deployment of three regions whose jurisdictions put the EU regions together
            join(central, us, Optional.empty());
            join(central, west, Optional.of("https://localhost:" + link.port()));
            ok(central.cli("region", "jurisdiction", "set", "eu", "--regions", "eu-west-1,eu-central-1"));
            ok(central.cli("region", "jurisdiction", "set", "us", "--regions", "us-east-1"));
            // AND only the control region decides them
            assertThat(west.cli("region", "jurisdiction", "set", "eu", "--regions", "eu-west-1")
                            .err())
                    .contains("NOT_CONTROL_REGION");
            // AND the members hold the table after their next membership refresh
            west.node.regions().service().refreshMembers(); // rather than wait for the 5 s refresh
            await(
                    "eu-west-1 holds the jurisdictions",
                    () -> west.node.regions().service().jurisdictions().mayReplicate("eu-west-1", "eu-central-1"));
            assertThat(ok(west.cli("region", "jurisdiction", "list")).out())
                    .contains("eu-central-1, eu-west-1")
                    .contains("us-east-1");

            // WHEN eu-west-1 asks to replicate a bucket to us-east-1
            ok(west.cli("bucket", "create", BUCKET));
            HttpResponse<String> refused =
                    admin(west, "PUT", "/buckets/" + BUCKET + "/replication", Map.of("destination", "us-east-1"));
            // THEN it is refused when written, with the reason
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").path("code").asText())
                    .isEqualTo("RESIDENCY_VIOLATION");
            assertThat(west.cli("bucket", "replication", "get", BUCKET).err()).contains("NO_SUCH_REPLICATION");

            // WHEN it replicates to eu-central-1 instead, and an object is put
            ok(west.cli("bucket", "replication", "put", BUCKET, "--to", "eu-central-1"));
            String marker1 = "crr-marker-" + java.util.UUID.randomUUID();
            byte[] first = ("firmware image 1 " + marker1).getBytes(StandardCharsets.UTF_8);
            put(west, "images/v1.bin", first);

            // THEN eu-central-1 holds the same bytes, in a replica bucket that writers cannot change
            await("v1 replicated", () -> holds(central, "images/v1.bin", first));
            assertThat(central.node
                            .buckets()
                            .replication()
                            .replicaSource(central.node.buckets().bucket(BUCKET)))
                    .contains("eu-west-1");
            assertThatThrownBy(() -> central.node.buckets().put(BUCKET, "x", new byte[] {1}, null))
                    .isInstanceOfSatisfying(
                            BucketException.class,
                            e -> assertThat(e.reason()).isEqualTo(BucketReason.REPLICA_READ_ONLY));

            // WHEN the link is cut, and another object is put and the first deleted
            link.cut();
            String marker2 = "crr-marker-" + java.util.UUID.randomUUID();
            byte[] second = ("firmware image 2 " + marker2).getBytes(StandardCharsets.UTF_8);
            put(west, "images/v2.bin", second);
            ok(west.cli("bucket", "rm", BUCKET, "images/v1.bin"));
            // THEN nothing arrives, and the source reports its backlog
            await("the backlog reported", () -> {
                JsonNode rule = json(ok(west.cli("bucket", "replication", "get", BUCKET, "--json")));
                return rule.path("pending").asInt() == 2
                        && "REPLICATION_DESTINATION_UNREACHABLE"
                                .equals(rule.path("lastError").asText());
            });
            assertThat(holds(central, "images/v2.bin", second)).isFalse();
            assertThat(holds(central, "images/v1.bin", first)).isTrue();

            // WHEN the link is back THEN both changes arrive: nothing was lost
            link.restore();
            await("v2 replicated", () -> holds(central, "images/v2.bin", second));
            await(
                    "v1 deleted",
                    () -> central.node
                            .buckets()
                            .list(BUCKET, "images/v1", null, 10)
                            .isEmpty());
            assertThat(json(ok(west.cli("bucket", "replication", "get", BUCKET, "--json")))
                            .path("pending")
                            .asInt())
                    .isZero();

            // AND both trails hold every replication, with its size and digest, never its content
            List<JsonNode> sent = replications(west, "sent");
            List<JsonNode> received = replications(central, "received");
            for (List<JsonNode> trail : List.of(sent, received)) {
                assertThat(trail).anySatisfy(e -> {
                    assertThat(e.path("details").path("key").asText()).isEqualTo("images/v1.bin");
                    assertThat(e.path("details").path("operation").asText()).isEqualTo("put");
                    assertThat(e.path("details").path("size").asText()).isEqualTo(String.valueOf(first.length));
                    assertThat(e.path("details").path("sha256").asText()).isEqualTo(sha256(first));
                });
                assertThat(trail)
                        .anySatisfy(
                                e -> assertThat(e.path("details").path("key").asText())
                                        .isEqualTo("images/v2.bin"));
                assertThat(trail)
                        .anySatisfy(e -> assertThat(
                                        e.path("details").path("operation").asText())
                                .isEqualTo("delete"));
                assertThat(trail.toString()).doesNotContain(marker1).doesNotContain(marker2);
            }

            // WHEN the control region later takes eu-central-1 out of the EU jurisdiction
            ok(central.cli("region", "jurisdiction", "set", "eu", "--regions", "eu-west-1"));
            west.node.regions().service().refreshMembers();
            // THEN eu-west-1's rule is a DATA_RESIDENCY_VIOLATION finding, and nothing more is sent under it
            ok(west.cli("compliance", "run", "--check", "DATA_RESIDENCY_VIOLATION"));
            assertThat(ok(west.cli("compliance", "findings", "--json")).out())
                    .contains("DATA_RESIDENCY_VIOLATION")
                    .contains("REPLICATION_OUT_OF_JURISDICTION");
            put(west, "images/v3.bin", "not for eu-central-1".getBytes(StandardCharsets.UTF_8));
            await(
                    "the send refused",
                    () -> "RESIDENCY_VIOLATION"
                            .equals(json(ok(west.cli("bucket", "replication", "get", BUCKET, "--json")))
                                    .path("lastError")
                                    .asText()));
            assertThat(holds(central, "images/v3.bin", "not for eu-central-1".getBytes(StandardCharsets.UTF_8)))
                    .isFalse();

            // AND neither marker is in either region's database or files in the clear
            for (NodeHarness node : List.of(west, central)) {
                node.node.audit().log().flushAndSign();
                AtRestScan.assertNoMarkerUnder(node.dataDir, List.of(marker1, marker2));
            }
        }
    }

    private static void put(NodeHarness node, String key, byte[] content) throws Exception {
        Path file = Files.createTempFile(node.dataDir.getParent(), "object", ".bin");
        Files.write(file, content);
        ok(node.cli("bucket", "put", BUCKET, key, "--file", file.toString()));
        Files.delete(file);
    }

    private static boolean holds(NodeHarness node, String key, byte[] content) {
        try {
            return java.util.Arrays.equals(node.node.buckets().get(BUCKET, key).content(), content);
        } catch (BucketException e) {
            return false;
        }
    }

    private static List<JsonNode> replications(NodeHarness node, String direction) throws Exception {
        node.node.audit().log().flushAndSign();
        List<JsonNode> events = new ArrayList<>();
        json(ok(node.cli("audit", "query", "--json", "--limit", "1000", "--action", "region:ReplicateObject")))
                .path("events")
                .forEach(e -> {
                    if (e.path("details").path("direction").asText().equals(direction)
                            && !"DENY".equalsIgnoreCase(e.path("result").asText())) {
                        events.add(e);
                    }
                });
        return events;
    }

    private static JsonNode json(NodeHarness.CliResult result) {
        try {
            return JSON.readTree(result.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> admin(NodeHarness node, String method, String path, Object body)
            throws Exception {
        var root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
        HttpClient https = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                .build();
        String token =
                Files.readString(node.dataDir.resolve("admin-credential")).trim();
        return https.send(
                HttpRequest.newBuilder(URI.create(node.adminUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void join(NodeHarness control, NodeHarness member, Optional<String> via) {
        String token =
                control.node.regions().createJoinToken(member.node.config().region(), Duration.ofMinutes(5));
        member.node.regions().join(token, via);
    }
}
