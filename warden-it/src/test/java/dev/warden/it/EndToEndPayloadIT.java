package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Qos;
import dev.warden.device.e2e.SealedPublisher;
import dev.warden.e2e.RecipientKeys;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads only the application can read, through a real node: the application publishes the public keyset it made
 * itself ({@code warden e2e keygen}, the private keyset never sent), a device (the SDK) fetches it over MQTT and seals
 * its telemetry to it, the gateway routes and the store keeps the envelope, reported as end-to-end encrypted; the
 * application opens it, the node's data holds neither the plaintext nor the private key, and after a rotation a
 * message to the retired key is refused with its reason.
 */
class EndToEndPayloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onlyTheApplicationOpensWhatTheDeviceSealed() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN an application's keys, made on its side, and its public keyset published as recipient "dashboard"
            Path secret = dir.resolve("app.keyset.json");
            Path pub = dir.resolve("app.public.json");
            ok(node.cli("e2e", "keygen", "--out", secret.toString(), "--public-out", pub.toString()));
            ok(node.cli("e2e", "put", "dashboard", "--public-keyset", pub.toString()));
            // AND a private keyset is refused as a recipient's key, storing nothing
            assertThat(node.cli("e2e", "put", "leak", "--public-keyset", secret.toString())
                            .err())
                    .contains("INVALID_KEYSET");
            assertThat(ok(node.cli("e2e", "list")).out()).contains("dashboard").doesNotContain("leak");

            // WHEN a device seals two readings to it and publishes them
            String marker = "MARKER-E2E-" + UUID.randomUUID();
            X509Certificate root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
            List<String> sealedIds = new ArrayList<>();
            try (DeviceClient device = DeviceClient.connect(
                    enroll(node, "sensor-1"),
                    DeviceClientConfig.of("localhost", node.node.mqttPort()).withDeploymentRoots(List.of(root)))) {
                SealedPublisher publisher = SealedPublisher.fetch(device, "dashboard", Duration.ofSeconds(10));
                sealedIds.add(publisher.publish("devices/sensor-1/telemetry", reading(marker, 1), Qos.AT_LEAST_ONCE));

                // THEN the store keeps envelopes it reports as end-to-end encrypted, without any text of them
                List<JsonNode> stored = waitForMessages(node, 1);
                assertThat(stored.get(0).path("endToEndEncrypted").asBoolean()).isTrue();
                assertThat(stored.get(0).has("payload")).isFalse();
                // AND the application opens it, getting the device's message id back
                byte[] envelope = Base64.getDecoder()
                        .decode(stored.get(0).path("payloadBase64").asText());
                RecipientKeys app = RecipientKeys.fromSecretJson(Files.readString(secret));
                RecipientKeys.Opened opened = app.open("devices/sensor-1/telemetry", envelope);
                assertThat(new String(opened.payload(), StandardCharsets.UTF_8)).contains(marker);
                assertThat(opened.messageId()).isEqualTo(sealedIds.get(0));
                // AND nothing in the node's data holds the plaintext or the private key
                node.node.audit().log().flushAndSign();
                AtRestScan.assertNoMarkerUnder(node.dataDir, List.of(marker, privateKeyValue(secret)));

                // WHEN the application rotates its keys and the device fetches the new public keyset
                RecipientKeys rotated = app.rotate();
                Files.writeString(secret, rotated.toSecretJson());
                Files.writeString(pub, rotated.publicJson());
                ok(node.cli("e2e", "put", "dashboard", "--public-keyset", pub.toString()));
                publisher.refresh();
                publisher.publish("devices/sensor-1/telemetry", reading(marker, 2), Qos.AT_LEAST_ONCE);
                List<JsonNode> both = waitForMessages(node, 2);
                Path second = Files.write(dir.resolve("second.bin"), payload(both, 1));
                Path first = Files.write(dir.resolve("first.bin"), payload(both, 0));

                // THEN both open until the old key is retired; then the old message is refused with its reason
                assertThat(ok(node.cli(
                                        "e2e",
                                        "open",
                                        "--keyset",
                                        secret.toString(),
                                        "--topic",
                                        "devices/sensor-1/telemetry",
                                        "--file",
                                        first.toString()))
                                .out())
                        .contains(marker);
                Files.writeString(secret, rotated.retire(app.keyIds().get(0)).toSecretJson());
                assertThat(ok(node.cli(
                                        "e2e",
                                        "open",
                                        "--keyset",
                                        secret.toString(),
                                        "--topic",
                                        "devices/sensor-1/telemetry",
                                        "--file",
                                        second.toString()))
                                .out())
                        .contains("\"n\":2");
                assertThat(node.cli(
                                        "e2e",
                                        "open",
                                        "--keyset",
                                        secret.toString(),
                                        "--topic",
                                        "devices/sensor-1/telemetry",
                                        "--file",
                                        first.toString())
                                .err())
                        .contains("UNKNOWN_OR_RETIRED_KEY");
                // AND an envelope replayed on another topic does not open
                assertThat(node.cli(
                                        "e2e",
                                        "open",
                                        "--keyset",
                                        secret.toString(),
                                        "--topic",
                                        "devices/sensor-2/telemetry",
                                        "--file",
                                        second.toString())
                                .err())
                        .contains("TAMPERED");
            }
        }
    }

    private static byte[] reading(String marker, int n) {
        return ("{\"t\":21.5,\"n\":" + n + ",\"marker\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payload(List<JsonNode> messages, int index) {
        return Base64.getDecoder()
                .decode(messages.get(index).path("payloadBase64").asText());
    }

    /** The private key's bytes as they stand in the private keyset file (base64 of the key proto). */
    private static String privateKeyValue(Path secret) throws Exception {
        return JSON.readTree(Files.readString(secret))
                .path("key")
                .get(0)
                .path("keyData")
                .path("value")
                .asText();
    }

    private static List<JsonNode> waitForMessages(NodeHarness node, int count) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        Waits.until("telemetry stored", Duration.ofSeconds(10), () -> {
            messages.clear();
            try {
                JSON.readTree(ok(node.cli("data", "query", "sensor-1", "--json"))
                                .out())
                        .path("messages")
                        .forEach(messages::add);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return messages.size() >= count;
        });
        messages.sort(java.util.Comparator.comparing(m -> m.path("receivedAt").asText()));
        return messages;
    }

    private static DeviceCredentials enroll(NodeHarness node, String thing) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), "sensor", Map.of(), null);
        return new DeviceCredentials(
                thing, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }
}
