package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.warden.iam.TokenService;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused bearer token is recorded with what it presented (kind; a JWT's alg, kid, claimed sub and role, read
 * without trusting them), as an {@code unverified} principal with {@code presented.verified=false} and a reason, and
 * nothing of the token itself (nor any credential value) reaches the audit table.
 */
class RefusedTokenAuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "warden:eu-west-1:default";

    @TempDir
    static Path dir;

    static NodeHarness harness;
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        harness = new NodeHarness(dir.resolve("data"), null);
        X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt")));
        https = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(List.of(root), null, null))
                .build();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void eachRefusedTokenIsRecordedWithWhatItPresentedAndNothingOfItself() throws Exception {
        KeyPair foreign = ecKeyPair();
        TokenService node = nodeTokens(Clock.systemUTC());
        String nodeKeyId =
                SignedJWT.parse(node.issue("x", false).token()).getHeader().getKeyID();
        String foreignKid = sign(
                foreign,
                "attacker-kid",
                claims("alice").claim("role", "admin-role").build());
        String foreignWithNodeKid = sign(foreign, nodeKeyId, claims("carol").build());
        String expired = nodeTokens(Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC))
                .issue("bob", false)
                .token();
        String hostileSub = sign(
                foreign, "k\u202Eid", claims("eve\n\u001b[2J" + "x".repeat(300)).build());
        String garbage = "garbage-not-a-token-7f3a9c";
        String unknownAdmin = "wdn_admin_thisCredentialDoesNotExist0123456789abcdef";
        List<String> presented = List.of(foreignKid, foreignWithNodeKid, expired, hostileSub, garbage, unknownAdmin);
        for (String token : presented) {
            assertThat(get("/things", token).statusCode()).as(token).isEqualTo(401);
        }

        List<JsonNode> events = unverifiedEvents();
        assertThat(events).hasSize(presented.size());
        JsonNode alice = only(events, "alice");
        assertThat(alice.path("principal").path("credential").asText()).isEqualTo("jwt");
        assertDetails(
                alice,
                Map.of(
                        "presented.kind",
                        "jwt",
                        "presented.alg",
                        "ES256",
                        "presented.kid",
                        "attacker-kid",
                        "presented.sub",
                        "alice",
                        "presented.role",
                        "admin-role",
                        "presented.reason",
                        "UNKNOWN_KEY"));
        assertDetails(
                only(events, "carol"),
                Map.of("presented.kind", "jwt", "presented.kid", nodeKeyId, "presented.reason", "BAD_SIGNATURE"));
        assertDetails(
                only(events, "bob"),
                Map.of("presented.kind", "jwt", "presented.kid", nodeKeyId, "presented.reason", "EXPIRED"));
        JsonNode eve = events.stream()
                .filter(e -> e.path("principal").path("id").asText().startsWith("eve"))
                .findFirst()
                .orElseThrow();
        String eveSub = eve.path("details").path("presented.sub").asText();
        assertThat(eveSub).startsWith("eve[2Jxxx").hasSize(128).doesNotContain("\n", "\u001b");
        assertThat(eve.path("details").path("presented.kid").asText()).isEqualTo("kid");
        assertDetails(only(events, "-", "unknown"), Map.of("presented.reason", "MALFORMED"));
        assertDetails(only(events, "-", "admin-credential"), Map.of("presented.reason", "UNKNOWN_CREDENTIAL"));
        for (JsonNode e : events) {
            assertThat(e.path("action").asText()).isEqualTo("warden:ListThings");
            assertThat(e.path("result").asText()).isEqualTo("DENY");
            assertThat(e.path("details").path("presented.verified").asText()).isEqualTo("false");
            assertThat(e.path("details").path("status").asText()).isEqualTo("401");
        }

        String table = auditTable();
        for (String token : presented) {
            String[] parts = token.split("\\.");
            assertThat(table)
                    .as("the audit table holds no part of a presented token")
                    .doesNotContain(token)
                    .doesNotContain(parts[parts.length - 1]);
            if (parts.length == 3) {
                assertThat(table).doesNotContain(parts[0]).doesNotContain(parts[1]);
            }
        }
    }

    @Test
    void aMissingOrNonBearerCredentialStaysAnonymous() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.adminUrl() + "/things"))
                .GET();
        assertThat(https.send(request.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        assertThat(https.send(
                                request.header("Authorization", "Basic YWxpY2U6cHc=")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        List<JsonNode> anonymous = events("--action", "warden:ListThings").stream()
                .filter(e -> e.path("principal").path("type").asText().equals("anonymous"))
                .toList();
        assertThat(anonymous)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(
                        e -> assertThat(e.path("details").has("presented.kind")).isFalse());
    }

    private static void assertDetails(JsonNode event, Map<String, String> expected) {
        expected.forEach((key, value) ->
                assertThat(event.path("details").path(key).asText()).as(key).isEqualTo(value));
    }

    private static JsonNode only(List<JsonNode> events, String principalId) {
        return only(events, principalId, "jwt");
    }

    private static JsonNode only(List<JsonNode> events, String principalId, String kind) {
        List<JsonNode> matching = events.stream()
                .filter(e -> e.path("principal").path("id").asText().equals(principalId)
                        && e.path("details").path("presented.kind").asText().equals(kind))
                .toList();
        assertThat(matching).as(principalId + " " + kind).hasSize(1);
        return matching.get(0);
    }

    private static List<JsonNode> unverifiedEvents() throws Exception {
        return events("--result", "deny").stream()
                .filter(e -> e.path("principal").path("type").asText().equals("unverified"))
                .toList();
    }

    private static List<JsonNode> events(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
        args.addAll(List.of(filters));
        NodeHarness.CliResult result = harness.cli(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(result.out()).path("events").forEach(events::add);
        return events;
    }

    /** Every column of every row of the audit table, as text. */
    private static String auditTable() {
        return harness.node
                .database()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT * FROM audit_events")
                        .mapToMap()
                        .list()
                        .toString());
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        return https.send(
                HttpRequest.newBuilder(URI.create(harness.adminUrl() + path))
                        .GET()
                        .header("Authorization", "Bearer " + bearer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static TokenService nodeTokens(Clock clock) {
        Path pki = dir.resolve("data/pki");
        try {
            return new TokenService(
                    (ECPrivateKey) SealedKeys.open(dir.resolve("data"), "token-signing.key"),
                    (ECPublicKey) Pem.parsePublicKey(Files.readString(pki.resolve("token-signing.pub"))),
                    ISSUER,
                    clock,
                    TokenService.DEFAULT_TTL);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("warden-admin")
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID("forged-1");
    }

    private static String sign(KeyPair key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
