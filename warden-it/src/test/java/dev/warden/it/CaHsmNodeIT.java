package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.firmware.PublishRequest;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.testkit.Processes;
import dev.warden.testkit.SoftHsm2;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.client.InMemoryTrustedStore;
import dev.warden.tuf.client.TrustedMetadata;
import dev.warden.tuf.client.TufClient;
import dev.warden.tuf.client.TufLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden server --hsm pkcs11:...}: the CA keys (root, issuing, OCSP) are created inside a SoftHSM2 token and
 * never written to the data directory, nor is the audit-signing key, held like them; the node issues device certificates that openssl verifies, signs OCSP answers
 * with the token's key, comes back after a restart with the same CA, and refuses to start without the token. The
 * firmware repository's TUF role keys are KMS keys of origin HSM in the same token (firmware-key-origin auto follows
 * hsm): the metadata they sign verifies with the device SDK's TUF client, before and after a restart.
 */
@Tag("openssl")
@Tag("softhsm")
class CaHsmNodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aNodeSignsWithCaKeysKeptInThePkcs11Token() throws Exception {
        SoftHsm2.Token token = SoftHsm2.jvmToken();
        Path data = dir.resolve("data");
        Map<ConfigKey, String> hsm = Map.of(ConfigKey.HSM, token.uri());
        String rootBefore;
        try (NodeHarness node = new NodeHarness(data, null, hsm)) {
            // WHEN a device is enrolled on a node whose CA keys are in the token
            Path out = dir.resolve("dev-h1");
            ok(node.cli("device", "enroll", "dev-h1", "--out", out.toString()));
            rootBefore = verifyWithOpenssl(out, "dev-h1");

            // THEN OCSP answers, signed by the token's OCSP key, verify with openssl too
            var ocsp = Processes.run(
                    dir,
                    List.of(
                            "openssl",
                            "ocsp",
                            "-issuer",
                            issuer(out).toString(),
                            "-cert",
                            out.resolve("dev-h1.crt").toString(),
                            "-CAfile",
                            dir.resolve("root.pem").toString(),
                            "-url",
                            node.publicUrl() + "/ocsp/eu-west-1"));
            assertThat(ocsp.output()).contains("Response verify OK", "dev-h1.crt: good");

            // AND the firmware repository's TUF keys are in the token too, and what they sign verifies
            publishAndVerifyWithTheSdkTufClient(node, "1.0.0");
            JsonNode keys =
                    JSON.readTree(ok(node.cli("kms", "list-keys", "--json")).out());
            Map<String, String> origins = new java.util.TreeMap<>();
            keys.path("keys")
                    .forEach(k -> origins.put(
                            k.path("name").asText(), k.path("origin").asText()));
            assertThat(origins)
                    .containsEntry("warden-tuf-root", "HSM")
                    .containsEntry("warden-tuf-targets", "HSM")
                    .containsEntry("warden-tuf-snapshot", "HSM")
                    .containsEntry("warden-tuf-timestamp", "HSM");
            // AND an operator's signing key can be made there with the CLI
            JsonNode created = JSON.readTree(ok(node.cli(
                            "kms", "create-key", "ops-signer", "--spec", "ECC_NIST_P256", "--origin", "hsm", "--json"))
                    .out());
            assertThat(created.path("origin").asText()).isEqualTo("HSM");
            assertThat(ok(node.cli("kms", "describe-key", "ops-signer")).out()).contains("origin HSM");
        }
        // AND no private key is in the data directory: only certificates and the aliases of the token's keys
        try (Stream<Path> files = Files.walk(data.resolve("pki"))) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .toList();
            assertThat(names)
                    .contains("root.crt", "issuing-eu-west-1.crt", "keys.properties", "audit-signing.pub")
                    .doesNotContain("root.key", "issuing-eu-west-1.key", "ocsp-eu-west-1.key", "audit-signing.key")
                    .doesNotContain(
                            "root.key.sealed",
                            "issuing-eu-west-1.key.sealed",
                            "ocsp-eu-west-1.key.sealed",
                            "audit-signing.key.sealed");
            assertThat(Files.readString(data.resolve("pki/keys.properties"))).doesNotContain(token.pin());
        }

        // AND after a restart the same CA issues again from the token
        try (NodeHarness again = new NodeHarness(data, null, hsm)) {
            Path out = dir.resolve("dev-h2");
            ok(again.cli("device", "enroll", "dev-h2", "--out", out.toString()));
            assertThat(verifyWithOpenssl(out, "dev-h2")).isEqualTo(rootBefore);
            // AND the token's TUF keys, found again by their labels, sign the next release
            publishAndVerifyWithTheSdkTufClient(again, "1.1.0");
        }
        // AND the audit trail's digests, signed by the token's audit key, verify offline with the public key alone
        NodeHarness.CliResult verified = ok(Cli.run(List.of("audit", "verify", "--data", data.toString())));
        assertThat(verified.out()).contains("INTACT").contains("0 events after the last checkpoint");

        // AND without the token the node refuses to start
        assertThatThrownBy(() -> new NodeHarness(data, null).close())
                .isInstanceOfSatisfying(
                        PkiException.class, e -> assertThat(e.reason()).isEqualTo(PkiReason.HSM_UNAVAILABLE));
    }

    /**
     * Publishes a release of thing type sensor and has the device SDK's TUF client, trusting the repository's first
     * root, refresh the metadata and download the image: the root names the token's root key, and every role verifies.
     */
    private void publishAndVerifyWithTheSdkTufClient(NodeHarness node, String version) throws Exception {
        byte[] image = ("sensor firmware " + version).getBytes(StandardCharsets.UTF_8);
        node.node.firmware().publish(new PublishRequest("sensor", version, null, null, image), "test");
        String base = "http://127.0.0.1:" + node.node.publicPort() + "/tuf/sensor/";
        TrustedMetadata trusted = new TufClient(
                        (name, max) -> get(base + name),
                        new InMemoryTrustedStore(get(base + "1.root.json").orElseThrow()),
                        TufLimits.defaults())
                .refresh(Instant.now());
        String rootKey = TufKey.ecdsaP256(
                        node.node.kms().publicKey("warden-tuf-root").toPublicKey())
                .keyId();
        assertThat(trusted.root().role(TopLevelRole.ROOT).keyIds()).containsExactly(rootKey);
        String target = "sensor/" + version + "/firmware.bin";
        assertThat(trusted.download(trusted.requireTarget(target), (path, max) -> Optional.of(image)))
                .isEqualTo(image);
    }

    private static Optional<byte[]> get(String url) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Verifies the device certificate against its chain with openssl; returns the root certificate's PEM. */
    private String verifyWithOpenssl(Path out, String name) throws Exception {
        String chain = Files.readString(out.resolve("ca-chain.pem"));
        String root = chain.substring(chain.lastIndexOf("-----BEGIN CERTIFICATE-----"));
        Files.writeString(dir.resolve("root.pem"), root);
        var verify = Processes.run(
                dir,
                List.of(
                        "openssl",
                        "verify",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        out.resolve("ca-chain.pem").toString(),
                        out.resolve(name + ".crt").toString()));
        assertThat(verify.output()).contains("OK");
        assertThat(verify.exitCode()).isZero();
        return root;
    }

    /** The issuing CA certificate: the first in the chain file. */
    private Path issuer(Path out) throws Exception {
        String chain = Files.readString(out.resolve("ca-chain.pem"));
        String end = "-----END CERTIFICATE-----";
        Path issuer = out.resolve("issuer.pem");
        Files.writeString(issuer, chain.substring(0, chain.indexOf(end) + end.length()) + "\n");
        return issuer;
    }
}
