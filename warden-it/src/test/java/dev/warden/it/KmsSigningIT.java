package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.it.KmsEndToEndIT.Api;
import dev.warden.testkit.Processes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing keys on a real node: created, used and refused through the CLI and the admin API, their signatures checked
 * by openssl and the JDK (verifiers Warden did not write), every operation in the audit trail without the signature,
 * and {@code kms:Sign} an IAM action of its own: a principal allowed to verify but not to sign is refused (403) and no
 * signature is made.
 */
@Tag("openssl")
class KmsSigningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:warden:kms:eu-west-1:default:key/firmware";

    @TempDir
    Path dir;

    @Test
    void signingKeysThroughTheCliTheApiAndIam() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            String signatureB64 = cliSignsAndOpensslVerifies(harness);
            Api api = new Api(harness);
            apiRoutesAndRefusals(api);
            List<JsonNode> events =
                    KmsEndToEndIT.awaitEvents(harness, Set.of("kms:Sign", "kms:Verify", "kms:GetPublicKey"));
            assertThat(kmsEvents(events, "kms:Sign"))
                    .anySatisfy(e -> {
                        assertThat(e.path("resource").asText()).isEqualTo(ARN);
                        assertThat(e.path("result").asText()).isEqualTo("ALLOW");
                    })
                    .anySatisfy(e -> {
                        assertThat(e.path("resource").asText())
                                .isEqualTo("arn:warden:kms:eu-west-1:default:key/default");
                        assertThat(e.path("result").asText()).isEqualTo("DENY");
                        assertThat(e.path("details").path("reason").asText()).isEqualTo("INVALID_KEY_USAGE");
                    });
            assertThat(events.toString()).doesNotContain(signatureB64).doesNotContain("firmware 1.2.3");
            aPrincipalWithoutKmsSignIsRefused(harness, api);
        }
    }

    /** create-key, describe-key, list-keys, sign, public-key and verify; openssl and the JDK check the signature. */
    private String cliSignsAndOpensslVerifies(NodeHarness harness) throws Exception {
        JsonNode created =
                JSON.readTree(ok(harness.cli("kms", "create-key", "firmware", "--key-spec", "ECC_NIST_P256", "--json"))
                        .out());
        assertThat(created.path("arn").asText()).isEqualTo(ARN);
        assertThat(created.path("keySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(created.path("keyUsage").asText()).isEqualTo("SIGN_VERIFY");
        assertThat(ok(harness.cli("kms", "describe-key", "firmware")).out()).contains(ARN, "ECC_NIST_P256 SIGN_VERIFY");
        assertThat(ok(harness.cli("kms", "list-keys")).out())
                .contains("KEYSPEC", "ECC_NIST_P256", "SIGN_VERIFY", "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");

        Path image = dir.resolve("image.bin");
        Files.writeString(image, "firmware 1.2.3");
        Path sig = dir.resolve("image.sig");
        Path pem = dir.resolve("firmware.pem");
        ok(harness.cli("kms", "sign", "firmware", "--file", image.toString(), "--out", sig.toString()));
        ok(harness.cli("kms", "public-key", "firmware", "--out", pem.toString()));
        assertThat(ok(harness.cli("kms", "public-key", "firmware")).out()).isEqualTo(Files.readString(pem));

        Processes.Result openssl = Processes.run(
                dir,
                List.of(
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        pem.toString(),
                        "-signature",
                        sig.toString(),
                        image.toString()));
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        assertThat(openssl.output()).contains("Verified OK");
        assertThat(jdkVerifies(pem, Files.readAllBytes(image), Files.readAllBytes(sig)))
                .isTrue();

        assertThat(ok(harness.cli(
                                "kms", "verify", "firmware", "--file", image.toString(), "--signature", sig.toString()))
                        .out())
                .contains("Signature valid: ECDSA_SHA_256, " + ARN);
        // Printed as base64 without --out; verify reads that form too
        String printed = ok(harness.cli("kms", "sign", "firmware", "--file", image.toString()))
                .out()
                .trim();
        Path printedSig = dir.resolve("printed.sig.b64");
        Files.writeString(printedSig, printed + "\n");
        ok(harness.cli("kms", "verify", "firmware", "--file", image.toString(), "--signature", printedSig.toString()));

        Files.writeString(image, "firmware 1.2.4");
        NodeHarness.CliResult tampered =
                harness.cli("kms", "verify", "firmware", "--file", image.toString(), "--signature", sig.toString());
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.err()).contains("INVALID_SIGNATURE");
        assertThat(harness.cli("kms", "rotate", "firmware").err()).contains("UNSUPPORTED_OPERATION");
        Files.writeString(image, "firmware 1.2.3");
        return Base64.getEncoder().encodeToString(Files.readAllBytes(sig));
    }

    /** The routes' answers and every refusal's status and code. */
    private void apiRoutesAndRefusals(Api api) throws Exception {
        String message = Base64.getEncoder().encodeToString("root.json".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> signed = api.post("/kms/keys/firmware/sign", Map.of("message", message));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        JsonNode signedBody = JSON.readTree(signed.body());
        assertThat(signedBody.path("keyArn").asText()).isEqualTo(ARN);
        assertThat(signedBody.path("signingAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
        String signature = signedBody.path("signature").asText();

        HttpResponse<String> verified =
                api.post("/kms/keys/firmware/verify", Map.of("message", message, "signature", signature));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).path("signatureValid").asBoolean())
                .isTrue();
        HttpResponse<String> wrong = api.post(
                "/kms/keys/firmware/verify",
                Map.of("message", Base64.getEncoder().encodeToString(new byte[] {1}), "signature", signature));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Api.code(wrong)).isEqualTo("INVALID_SIGNATURE");

        HttpResponse<String> publicKey = api.send("GET", "/kms/keys/firmware/public-key", null);
        assertThat(publicKey.statusCode()).as(publicKey.body()).isEqualTo(200);
        JsonNode key = JSON.readTree(publicKey.body());
        assertThat(key.path("keySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(key.path("signingAlgorithms").toString()).isEqualTo("[\"ECDSA_SHA_256\"]");
        assertThat(key.path("pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
        Path pem = dir.resolve("api.pem");
        Files.writeString(pem, key.path("pem").asText());
        assertThat(jdkVerifies(
                        pem,
                        "root.json".getBytes(StandardCharsets.UTF_8),
                        Base64.getDecoder().decode(signature)))
                .isTrue();

        HttpResponse<String> created = api.post("/kms/keys", Map.of("name", "bad", "keySpec", "RSA_2048"));
        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(Api.code(created)).isEqualTo("INVALID_ARGUMENT");
        assertRefused(api.post("/kms/keys/default/sign", Map.of("message", message)), 400, "INVALID_KEY_USAGE");
        assertRefused(
                api.post("/kms/keys/firmware/encrypt", Map.of("plaintext", message, "owner", "o", "recordId", "r")),
                400,
                "INVALID_KEY_USAGE");
        assertRefused(
                api.post("/kms/keys/firmware/generate-data-key", Map.of("owner", "o", "recordId", "r")),
                400,
                "INVALID_KEY_USAGE");
        assertRefused(api.post("/kms/keys/firmware/rotate", Map.of()), 400, "UNSUPPORTED_OPERATION");
        assertRefused(
                api.post("/kms/keys/firmware/sign", Map.of("message", message, "messageType", "DIGEST")),
                400,
                "INVALID_ARGUMENT");

        assertThat(api.post("/kms/keys/firmware/schedule-deletion", Map.of("days", 7))
                        .statusCode())
                .isEqualTo(200);
        assertRefused(api.post("/kms/keys/firmware/sign", Map.of("message", message)), 409, "KEY_PENDING_DELETION");
        assertRefused(api.send("GET", "/kms/keys/firmware/public-key", null), 409, "KEY_PENDING_DELETION");
        assertThat(api.post("/kms/keys/firmware/cancel-deletion", Map.of()).statusCode())
                .isEqualTo(200);
    }

    /** Allowed to verify and read the public key, not to sign: 403, and the KMS never signs. */
    private void aPrincipalWithoutKmsSignIsRefused(NodeHarness harness, Api api) throws Exception {
        ok(harness.cli("kms", "create-key", "firmware-marker", "--key-spec", "ECC_NIST_P256"));
        String me = ok(harness.cli("whoami")).out().trim().split(" ")[1];
        Files.writeString(dir.resolve("verify-only.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "VerifyFirmware", "Effect": "Allow",
                   "Action": ["kms:Verify", "kms:GetPublicKey", "kms:DescribeKey"],
                   "Resource": "arn:warden:kms:eu-west-1:default:key/firmware*"},
                  {"Sid": "Admin", "Effect": "Allow", "Action": ["iam:*", "audit:*", "sts:*"], "Resource": "*"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "verify-only",
                "--file",
                dir.resolve("verify-only.json").toString()));
        ok(harness.cli("policy", "attach", "verify-only", "--admin", me));
        ok(harness.cli("policy", "detach", "warden-admin-full", "--admin", me));

        Path image = dir.resolve("image.bin");
        NodeHarness.CliResult denied = harness.cli("kms", "sign", "firmware", "--file", image.toString());
        assertThat(denied.exitCode()).as(denied.out()).isEqualTo(1);
        assertThat(denied.err()).contains("ACCESS_DENIED").contains("kms:Sign");
        HttpResponse<String> forbidden = api.post(
                "/kms/keys/firmware/sign",
                Map.of("message", Base64.getEncoder().encodeToString(Files.readAllBytes(image))));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(Api.code(forbidden)).isEqualTo("ACCESS_DENIED");
        assertThat(forbidden.body()).doesNotContain("\"signature\"");

        // What the policy allows still works
        ok(harness.cli(
                "kms",
                "verify",
                "firmware",
                "--file",
                image.toString(),
                "--signature",
                dir.resolve("image.sig").toString()));
        // The KMS reports without blocking, in order: once this later operation is in the trail, any signature the
        // refused calls had made would be too.
        ok(harness.cli("kms", "public-key", "firmware-marker"));
        List<JsonNode> events = awaitKmsEvent(harness, "kms:GetPublicKey", ARN + "-marker");
        long detached = events.stream()
                .filter(e -> e.path("action").asText().equals("iam:DetachPolicy"))
                .mapToLong(e -> e.path("seq").asLong())
                .max()
                .orElseThrow();
        assertThat(kmsEvents(events, "kms:Sign"))
                .allSatisfy(e -> assertThat(e.path("seq").asLong()).isLessThan(detached));
        assertThat(events)
                .filteredOn(e -> e.path("action").asText().equals("kms:Sign"))
                .filteredOn(e -> e.path("details").path("status").asInt() == 403)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.path("seq").asLong()).isGreaterThan(detached));
    }

    /** Waits until the trail holds a KMS-side event of {@code operation} on {@code keyArn}. */
    private static List<JsonNode> awaitKmsEvent(NodeHarness harness, String operation, String keyArn) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<JsonNode> events = KmsEndToEndIT.awaitEvents(harness, Set.of());
            boolean seen = kmsEvents(events, operation).stream()
                    .anyMatch(e -> e.path("resource").asText().equals(keyArn));
            if (seen || System.nanoTime() > deadline) {
                assertThat(seen)
                        .as(operation + " on " + keyArn + " in the trail")
                        .isTrue();
                return events;
            }
            Thread.sleep(200);
        }
    }

    /** The events the KMS itself reported (not the API call's) for {@code operation}. */
    private static List<JsonNode> kmsEvents(List<JsonNode> events, String operation) {
        return events.stream()
                .filter(e -> e.path("action").asText().equals(operation))
                .filter(e -> e.path("details").path("origin").asText().equals("kms"))
                .toList();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Api.code(response)).isEqualTo(code);
    }

    /** The JDK alone: PEM to SPKI DER to a public key, then SHA256withECDSA. */
    private static boolean jdkVerifies(Path pem, byte[] message, byte[] signature) throws Exception {
        String body = Files.readString(pem)
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body))));
        verifier.update(message);
        return verifier.verify(signature);
    }
}
