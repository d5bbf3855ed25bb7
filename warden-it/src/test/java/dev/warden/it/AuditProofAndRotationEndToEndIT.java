package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.store.AuditStore;
import dev.warden.node.NodeLayout;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.storage.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inclusion proofs and audit-signing key rotation on a real node: the key is rotated twice with events in between,
 * the trail still verifies across both rotations, the public port lists the three keys with their ranges, and an
 * event's proof verifies with nothing but the public keys, while an edited event, an altered path or a re-signed
 * checkpoint fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditProofAndRotationEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;

    private Path data;
    private Path publishedKeys;
    private JsonNode keys;
    private JsonNode apiProof;
    private String firstEventId;
    private String recentEventId;

    /** GIVEN a node that rotated its audit-signing key twice, with admin actions before, between and after. */
    @BeforeAll
    void trailAcrossTwoRotations() throws Exception {
        data = dir.resolve("data");
        try (NodeHarness node = new NodeHarness(data, null)) {
            ok(node.cli("secret", "put", "first", "--value", "v-1"));
            node.node.audit().log().flushAndSign();
            assertThat(ok(node.cli("audit", "rotate-key")).out()).contains("Rotated the audit-signing key");
            ok(node.cli("secret", "put", "second", "--value", "v-2"));
            ok(node.cli("audit", "rotate-key"));
            ok(node.cli("secret", "put", "third", "--value", "v-3"));
            node.node.audit().log().flushAndSign();
            List<JsonNode> events = new ArrayList<>();
            JSON.readTree(ok(node.cli("audit", "query", "--json", "--limit", "1000"))
                            .out())
                    .path("events")
                    .forEach(events::add);
            firstEventId = events.get(0).path("eventId").asText();
            recentEventId = events.get(events.size() - 1).path("eventId").asText();
            String keysBody = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.publicUrl() + "/audit/keys"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            keys = JSON.readTree(keysBody);
            publishedKeys = dir.resolve("published-audit-keys.json");
            Files.writeString(publishedKeys, keysBody);
            // The node's own background work (compliance, monitoring) may record events after the flush above; the
            // newest event listed is provable once the next checkpoint covers it.
            node.node.audit().log().flushAndSign();
            apiProof = adminGet(node, "/audit/events/" + recentEventId + "/proof");
        }
        // AND the node, started again, signs with the third key it rotated to
        try (NodeHarness node = new NodeHarness(data, null)) {
            assertThat(node.node.audit().log().signingKeyId())
                    .isEqualTo(keys.path("keys").get(2).path("keyId").asText());
            ok(node.cli("secret", "put", "fourth", "--value", "v-4"));
        }
    }

    @Test
    void verifyPassesAcrossBothRotationsAndTheKeysArePublishedWithTheirRanges() {
        // THEN the node's own check and the one with only the published key list both pass
        assertThat(ok(run("audit", "verify", "--data", data.toString())).out()).contains("INTACT");
        assertThat(ok(run("audit", "verify", "--data", data.toString(), "--public-key", publishedKeys.toString()))
                        .out())
                .contains("INTACT");
        // AND /audit/keys lists three keys whose ranges follow each other, the last one open
        assertThat(keys.path("region").asText()).isEqualTo("eu-west-1");
        JsonNode list = keys.path("keys");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("fromDigestSeq").asLong()).isEqualTo(1);
        for (int i = 1; i < 3; i++) {
            assertThat(list.get(i).path("fromDigestSeq").asLong())
                    .isEqualTo(list.get(i - 1).path("toDigestSeq").asLong() + 1);
            assertThat(list.get(i).path("keyId").asText())
                    .isNotEqualTo(list.get(i - 1).path("keyId").asText());
        }
        assertThat(list.get(2).get("toDigestSeq").isNull()).isTrue();
        assertThat(list.get(0).path("publicKeyPem").asText()).contains("BEGIN PUBLIC KEY");
        // AND every checkpoint names the key of its range
        try (Database db = Database.open(null, data)) {
            for (AuditDigest d : new AuditStore(db).digests("eu-west-1")) {
                assertThat(d.keyId()).isEqualTo(keyFor(d.digestSeq()));
            }
        }
    }

    @Test
    void aCheckpointResignedByARetiredKeyOutsideItsRangeFails() throws Exception {
        // GIVEN a copy of the data directory WHEN the newest checkpoint is re-signed by the first (retired) key
        Path copy = copyOf(data, dir.resolve("copy"));
        PrivateKey retired =
                SealedNodeKeysEndToEndIT.readSealedKeys(new NodeLayout(copy)).get("audit-signing.key");
        try (Database db = Database.open(null, copy)) {
            AuditStore store = new AuditStore(db);
            AuditDigest newest =
                    store.digests("eu-west-1").stream().reduce((a, b) -> b).orElseThrow();
            AuditDigest resigned = new DigestSigner(retired, publicKey(0))
                    .sign(withKey(newest, keys.path("keys").get(0)));
            db.jdbi()
                    .useHandle(h -> h.execute(
                            "UPDATE audit_digests SET key_id = ?, signature = ? WHERE digest_seq = ?",
                            resigned.keyId(),
                            resigned.signature(),
                            resigned.digestSeq()));
        }
        // THEN verification with the published key list says the key signed outside its range
        NodeHarness.CliResult result =
                run("audit", "verify", "--data", copy.toString(), "--public-key", publishedKeys.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("DIGEST_SIGNATURE_INVALID").contains("which signs only digests 1..");
    }

    @Test
    void proofsOfAnEventBeforeTheRotationsAndOfARecentOneVerifyWithOnlyThePublicKeys() throws Exception {
        for (String eventId : List.of(firstEventId, recentEventId)) {
            Path proof = dir.resolve("proof-" + eventId + ".json");
            ok(run("audit", "prove", eventId, "--out", proof.toString(), "--data", data.toString()));
            assertThat(ok(run("audit", "verify-proof", proof.toString(), "--public-key", publishedKeys.toString()))
                            .out())
                    .startsWith("VALID");
            // the current key's PEM alone is enough too: the newest checkpoint is the one proved against
            Path currentPem = dir.resolve("current.pub");
            Files.writeString(
                    currentPem, keys.path("keys").get(2).path("publicKeyPem").asText());
            ok(run("audit", "verify-proof", proof.toString(), "--public-key", currentPem.toString()));
            // and against the anchor file as the trusted checkpoint
            ok(run(
                    "audit",
                    "verify-proof",
                    proof.toString(),
                    "--public-key",
                    publishedKeys.toString(),
                    "--checkpoint",
                    data.resolve("audit-anchors/eu-west-1.anchor.jsonl").toString()));
        }
        // The admin API serves the same proof format
        Path fromApi = dir.resolve("api-proof.json");
        Files.writeString(fromApi, apiProof.toString());
        ok(run("audit", "verify-proof", fromApi.toString(), "--public-key", publishedKeys.toString()));
    }

    @Test
    void aProofAgainstAnOlderTrustedCheckpointNeedsAndCarriesAConsistencyProof() throws Exception {
        List<String> anchor = Files.readAllLines(data.resolve("audit-anchors/eu-west-1.anchor.jsonl"));
        String older = anchor.stream()
                .filter(l -> l.contains("\"checkpoint\"") && l.contains("\"merkleRoot\":\""))
                .findFirst()
                .orElseThrow();
        Path trusted = dir.resolve("trusted.jsonl");
        Files.writeString(trusted, older + "\n");
        Path plain = dir.resolve("plain.json");
        Path consistent = dir.resolve("consistent.json");
        ok(run("audit", "prove", recentEventId, "--out", plain.toString(), "--data", data.toString()));
        ok(run(
                "audit",
                "prove",
                recentEventId,
                "--out",
                consistent.toString(),
                "--data",
                data.toString(),
                "--consistent-with",
                trusted.toString()));
        assertInvalid(
                run(
                        "audit",
                        "verify-proof",
                        plain.toString(),
                        "--public-key",
                        publishedKeys.toString(),
                        "--checkpoint",
                        trusted.toString()),
                "no consistency proof");
        ok(run(
                "audit",
                "verify-proof",
                consistent.toString(),
                "--public-key",
                publishedKeys.toString(),
                "--checkpoint",
                trusted.toString()));
    }

    @Test
    void anEditedEventAnAlteredPathOrAResignedCheckpointFails() throws Exception {
        Path proof = dir.resolve("tamper-base.json");
        ok(run("audit", "prove", firstEventId, "--out", proof.toString(), "--data", data.toString()));
        ObjectNode base = (ObjectNode) JSON.readTree(Files.readString(proof));

        ObjectNode edited = base.deepCopy();
        ((ObjectNode) edited.get("event")).put("action", "audit:Nothing");
        assertInvalid(verifyProof(edited), "does not match its chain hash");

        ObjectNode altered = base.deepCopy();
        ArrayNode path = (ArrayNode) altered.get("auditPath");
        String first = path.get(0).asText();
        path.set(0, JSON.getNodeFactory().textNode((first.charAt(0) == '0' ? "1" : "0") + first.substring(1)));
        assertInvalid(verifyProof(altered), "audit path does not lead");

        KeyPair attacker = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        AuditDigest checkpoint = AnchorLines.toCheckpoint(base.get("checkpoint"));
        AuditDigest forged = new DigestSigner(attacker.getPrivate(), attacker.getPublic())
                .sign(new AuditDigest(
                        checkpoint.region(),
                        checkpoint.digestSeq(),
                        checkpoint.fromSeq(),
                        checkpoint.toSeq(),
                        checkpoint.headHash(),
                        checkpoint.previousDigestHash(),
                        checkpoint.createdAtNanos(),
                        DigestSigner.keyIdOf(attacker.getPublic()),
                        null,
                        checkpoint.epoch(),
                        checkpoint.merkleRoot()));
        ObjectNode resigned = base.deepCopy();
        resigned.set("checkpoint", AnchorLines.checkpoint(forged));
        assertInvalid(verifyProof(resigned), "not a given audit key");

        PrivateKey retired =
                SealedNodeKeysEndToEndIT.readSealedKeys(new NodeLayout(data)).get("audit-signing.key");
        ObjectNode byRetired = base.deepCopy();
        byRetired.set(
                "checkpoint",
                AnchorLines.checkpoint(new DigestSigner(retired, publicKey(0))
                        .sign(withKey(checkpoint, keys.path("keys").get(0)))));
        assertInvalid(verifyProof(byRetired), "which signs only digests 1..");

        ObjectNode garbage = base.deepCopy();
        garbage.put("leafIndex", "x");
        NodeHarness.CliResult malformed = verifyProof(garbage);
        assertInvalid(malformed, "leafIndex");
        assertThat(malformed.out() + malformed.err())
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void theSignedMerkleRootIsTheNaiveRfc9162RootOfAllChainHashes() {
        try (Database db = Database.open(null, data)) {
            AuditStore store = new AuditStore(db);
            AuditDigest newest =
                    store.digests("eu-west-1").stream().reduce((a, b) -> b).orElseThrow();
            List<byte[]> leaves = new ArrayList<>();
            store.forEach(
                    "eu-west-1",
                    1,
                    newest.toSeq(),
                    events -> events.forEachRemaining(e -> leaves.add(HEX.parseHex(e.hash()))));
            assertThat(leaves).hasSize((int) newest.toSeq());
            assertThat(HEX.formatHex(mth(leaves))).isEqualTo(newest.merkleRoot());
        }
    }

    /** MTH(D[n]) of RFC 9162 section 2.1.1, written out: leaf = H(0x00 || d), node = H(0x01 || left || right). */
    private static byte[] mth(List<byte[]> d) {
        if (d.size() == 1) {
            return sha256(new byte[] {0}, d.get(0));
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return sha256(new byte[] {1}, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private NodeHarness.CliResult verifyProof(JsonNode proof) throws Exception {
        Path file = Files.createTempFile(dir, "proof", ".json");
        Files.writeString(file, proof.toString());
        return run("audit", "verify-proof", file.toString(), "--public-key", publishedKeys.toString());
    }

    private String keyFor(long digestSeq) {
        for (JsonNode k : keys.path("keys")) {
            if (digestSeq >= k.path("fromDigestSeq").asLong()
                    && (k.get("toDigestSeq").isNull()
                            || digestSeq <= k.path("toDigestSeq").asLong())) {
                return k.path("keyId").asText();
            }
        }
        return null;
    }

    private java.security.PublicKey publicKey(int index) {
        return Pem.parsePublicKey(
                keys.path("keys").get(index).path("publicKeyPem").asText());
    }

    private static AuditDigest withKey(AuditDigest d, JsonNode key) {
        return new AuditDigest(
                d.region(),
                d.digestSeq(),
                d.fromSeq(),
                d.toSeq(),
                d.headHash(),
                d.previousDigestHash(),
                d.createdAtNanos(),
                key.path("keyId").asText(),
                null,
                d.epoch(),
                d.merkleRoot());
    }

    private static JsonNode adminGet(NodeHarness node, String path) throws Exception {
        X509Certificate root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
        HttpClient https = HttpClient.newBuilder()
                .sslContext(dev.warden.registry.tls.TlsSettings.clientContext(List.of(root), null, null))
                .build();
        String token =
                Files.readString(node.dataDir.resolve("admin-credential")).trim();
        HttpResponse<String> response = https.send(
                HttpRequest.newBuilder(URI.create(node.adminUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Path copyOf(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private static NodeHarness.CliResult run(String... args) {
        return Cli.run(List.of(args));
    }

    private static void assertInvalid(NodeHarness.CliResult result, String reason) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).startsWith("INVALID").contains(reason);
        assertThat(result.out().strip().lines()).hasSize(1);
    }
}
