package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.witness.Cosignature;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes: A (us-east-1) sends its checkpoints to B (eu-west-1) over the admin API's TLS with a
 * least-privilege service-account key; B countersigns those that extend what it accepted, refuses (409, nothing
 * stored) a rewritten tree, a replay and a stranger's key, and remembers what it witnessed across a restart.
 */
class AuditWitnessEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A_TRAIL = "arn:warden:audit:us-east-1:default:trail/us-east-1";

    @TempDir
    Path dir;

    @Test
    void checkpointsAreCosignedAndOnlyConsistentOnesAreAccepted() throws Exception {
        Path dataA = dir.resolve("a");
        Path dataB = dir.resolve("b");
        NodeHarness b = new NodeHarness(dataB, null);
        JsonNode witnessed;
        try {
            Path token = witnessCredential(b);
            try (NodeHarness a = new NodeHarness(
                    dataA,
                    null,
                    Map.of(
                            ConfigKey.REGION,
                            "us-east-1",
                            ConfigKey.AUDIT_DIGEST_SECONDS,
                            "1",
                            ConfigKey.AUDIT_WITNESS_URL,
                            b.adminUrl(),
                            ConfigKey.AUDIT_WITNESS_TOKEN_FILE,
                            token.toString(),
                            ConfigKey.AUDIT_WITNESS_CA,
                            dataB.resolve("pki/root.crt").toString()))) {
                ok(a.cli("device", "list"));
                AnchorLog anchors = awaitCosignatures(dataA, 2);
                PublicKey witnessKey = Pem.parsePublicKey(Files.readString(dataB.resolve("pki/audit-signing.pub")));
                for (Cosignature c : anchors.cosignatures()) {
                    assertThat(c.verify(witnessKey))
                            .as("cosignature of %d", c.digestSeq())
                            .isTrue();
                    assertThat(anchors.checkpoints())
                            .anySatisfy(checkpoint ->
                                    assertThat(c.covers(checkpoint)).isTrue());
                }
                assertThat(anchors.malformed()).isEmpty();
                // Offline, with only public keys: the witness's key proves the countersignatures; A's own does not.
                NodeHarness.CliResult cosigned = a.cli(
                        "audit",
                        "verify",
                        "--witness-key",
                        dataB.resolve("pki/audit-signing.pub").toString());
                assertThat(cosigned.exitCode())
                        .as(cosigned.out() + cosigned.err())
                        .isZero();
                assertThat(cosigned.out()).contains("witnessed: ");
                NodeHarness.CliResult wrongKey = a.cli(
                        "audit",
                        "verify",
                        "--witness-key",
                        dataA.resolve("pki/audit-signing.pub").toString());
                assertThat(wrongKey.exitCode()).isEqualTo(1);
                assertThat(wrongKey.out()).contains("COSIGNATURE_INVALID");
                assertThat(a.node.witnessStatus().orElseThrow().lastWitnessedDigestSeq())
                        .isPositive();
                // The service-account key may witness A's trail only.
                HttpResponse<String> elsewhere = post(
                        b,
                        Files.readString(token).trim(),
                        submission(
                                signed(dataA, "eu-west-9", 1, 0, HexFormat.of().formatHex(new byte[32]), 0),
                                Files.readString(dataA.resolve("pki/audit-signing.pub")),
                                0));
                assertThat(elsewhere.statusCode()).isEqualTo(403);
            }
            witnessed = state(b);
            refusals(b, dataA, witnessed);
            JsonNode event = JSON.readTree(ok(b.cli(
                                    "audit",
                                    "query",
                                    "--action",
                                    "audit:WitnessCheckpoint",
                                    "--result",
                                    "error",
                                    "--json"))
                            .out())
                    .path("events")
                    .get(0);
            assertThat(event.path("details").path("errorCode").asText()).startsWith("WITNESS_");
            assertThat(event.path("resource").asText()).isEqualTo(A_TRAIL);
            assertThat(event.path("details").path("digestSeq").asLong()).isPositive();
        } finally {
            b.close();
        }
        try (NodeHarness restarted = new NodeHarness(dataB, null)) {
            JsonNode after = state(restarted);
            assertThat(after.path("digestSeq")).isEqualTo(witnessed.path("digestSeq"));
            assertThat(after.path("checkpointHash")).isEqualTo(witnessed.path("checkpointHash"));
            assertThat(after.path("cosignature")).isEqualTo(witnessed.path("cosignature"));
        }
    }

    /** A crafted wrong root, a replay, a stranger's key and a forged signature: each 409, none stored. */
    private void refusals(NodeHarness b, Path dataA, JsonNode witnessed) throws Exception {
        String admin = Files.readString(dataBOf(b).resolve("admin-credential")).trim();
        String aKey = Files.readString(dataA.resolve("pki/audit-signing.pub"));
        long seq = witnessed.path("digestSeq").asLong();
        long size = witnessed.path("treeSize").asLong();
        String otherRoot = HexFormat.of().formatHex(new byte[32]).replace('0', '7');

        AuditDigest wrongRoot = signed(
                dataA,
                "us-east-1",
                seq + 100,
                size + 1,
                otherRoot,
                witnessed.path("epoch").asLong());
        assertRefused(b, admin, submission(wrongRoot, aKey, size), "WITNESS_NOT_CONSISTENT");
        AuditDigest replay = AnchorLines.toCheckpoint(witnessed.path("checkpoint"));
        assertRefused(b, admin, submission(replay, aKey, size), "WITNESS_STALE");

        var stranger = generate();
        DigestSigner strangerSigner = new DigestSigner(stranger.getPrivate(), stranger.getPublic());
        AuditDigest foreign = strangerSigner.sign(new AuditDigest(
                "us-east-1",
                seq + 100,
                size + 1,
                size,
                replay.headHash(),
                replay.hash(),
                replay.createdAtNanos() + 1,
                strangerSigner.keyId(),
                null,
                replay.epoch(),
                replay.merkleRoot()));
        assertRefused(
                b, admin, submission(foreign, Pem.encodePublicKey(stranger.getPublic()), size), "WITNESS_UNKNOWN_KEY");
        AuditDigest forged = new AuditDigest(
                "us-east-1",
                seq + 1,
                size + 1,
                size,
                replay.headHash(),
                replay.hash(),
                replay.createdAtNanos() + 1,
                replay.keyId(),
                replay.signature(),
                replay.epoch(),
                replay.merkleRoot());
        assertRefused(b, admin, submission(forged, aKey, size), "WITNESS_BAD_SIGNATURE");
        assertThat(state(b)).isEqualTo(witnessed);
    }

    private void assertRefused(NodeHarness b, String token, ObjectNode body, String code) throws Exception {
        HttpResponse<String> response = post(b, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                .isEqualTo(code);
    }

    /** A service account on B allowed to witness A's trail and read its witness state, and nothing else. */
    private Path witnessCredential(NodeHarness b) throws Exception {
        Path policy = dir.resolve("witness-a.json");
        Files.writeString(policy, """
                {"Version": "2012-10-17", "Statement": [{"Sid": "WitnessA", "Effect": "Allow",
                  "Action": ["audit:WitnessCheckpoint", "audit:GetWitnessState"], "Resource": "%s"}]}
                """.formatted(A_TRAIL));
        ok(b.cli("policy", "create", "witness-a", "--file", policy.toString()));
        ok(b.cli("service-account", "create", "node-a"));
        ok(b.cli("policy", "attach", "witness-a", "--service", "node-a"));
        String key = ok(b.cli("service-account", "create-key", "node-a")).out().trim();
        Path token = dir.resolve("witness-token");
        Files.writeString(token, key + "\n");
        return token;
    }

    private static AnchorLog awaitCosignatures(Path dataA, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        AnchorLog log = AnchorLog.read(dataA.resolve("audit-anchors"), "us-east-1");
        while (log.cosignatures().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            log = AnchorLog.read(dataA.resolve("audit-anchors"), "us-east-1");
        }
        assertThat(log.cosignatures()).as("cosignatures in A's anchor file").hasSizeGreaterThanOrEqualTo(count);
        return log;
    }

    /** A checkpoint of {@code toSeq} leaves with root {@code root}, signed with A's audit-signing key. */
    private static AuditDigest signed(Path dataA, String region, long digestSeq, long toSeq, String root, long epoch)
            throws Exception {
        var privateKey = SealedKeys.open(dataA, "us-east-1", "audit-signing.key");
        var publicKey = Pem.parsePublicKey(Files.readString(dataA.resolve("pki/audit-signing.pub")));
        DigestSigner signer = new DigestSigner(privateKey, publicKey);
        return signer.sign(new AuditDigest(
                region, digestSeq, toSeq, toSeq, root, root, System.nanoTime(), signer.keyId(), null, epoch, root));
    }

    private static ObjectNode submission(AuditDigest checkpoint, String publicKeyPem, long firstSize) {
        ObjectNode body = JSON.createObjectNode();
        body.set("checkpoint", AnchorLines.checkpoint(checkpoint));
        body.put("publicKey", publicKeyPem);
        ObjectNode proof = body.putObject("proof");
        proof.put("firstSize", firstSize);
        proof.putArray("path").add(HexFormat.of().formatHex(new byte[32]));
        if (firstSize == checkpoint.toSeq()) {
            proof.putArray("path");
        }
        return body;
    }

    private static JsonNode state(NodeHarness b) throws Exception {
        String admin = Files.readString(dataBOf(b).resolve("admin-credential")).trim();
        HttpResponse<String> response = client(b)
                .send(
                        HttpRequest.newBuilder(URI.create(b.adminUrl() + "/audit/witness/us-east-1"))
                                .header("Authorization", "Bearer " + admin)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(NodeHarness b, String token, JsonNode body) throws Exception {
        return client(b)
                .send(
                        HttpRequest.newBuilder(URI.create(b.adminUrl() + "/audit/witness/checkpoints"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(NodeHarness b) throws Exception {
        var root = Pem.parseCertificates(Files.readString(dataBOf(b).resolve("pki/root.crt")));
        return HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root.get(root.size() - 1)), null, null))
                .build();
    }

    private static Path dataBOf(NodeHarness b) {
        return b.dataDir;
    }

    private static java.security.KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
