package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.DeviceTls;
import dev.warden.device.Qos;
import dev.warden.device.e2e.SealedPublisher;
import dev.warden.e2e.RecipientKeys;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import dev.warden.telemetry.TelemetrySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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
 * message to the retired key is refused with its reason. Where the node requires sealing ({@code mqtt-sealed-topics}),
 * a sealed reading is stored and recorded as such, and a plaintext is refused (MQTT 5: PUBACK 0x99; MQTT 3.1.1: the
 * connection closed) and audited, while a plaintext elsewhere is accepted.
 */
class EndToEndPayloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FOREVER = Instant.ofEpochMilli(Long.MAX_VALUE);

    @TempDir
    Path dir;

    @Test
    void onlyTheApplicationOpensWhatTheDeviceSealed() throws Exception {
        try (NodeHarness node = new NodeHarness(
                dir.resolve("data"), null, Map.of(ConfigKey.MQTT_SEALED_TOPICS, "devices/+/sealed/#"))) {
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

                // AND where sealing is required, the sealed reading is accepted and recorded as such in the store
                publisher.publish("devices/sensor-1/sealed/reading", reading(marker, 3), Qos.AT_LEAST_ONCE);
                List<JsonNode> three = waitForMessages(node, 3);
                assertThat(three.get(2).path("topic").asText()).isEqualTo("devices/sensor-1/sealed/reading");
                assertThat(three.get(2).path("endToEndEncrypted").asBoolean()).isTrue();
                assertThat(node.node.telemetry().storedSegments("sensor-1", Instant.EPOCH, FOREVER, 10))
                        .extracting(TelemetrySegment::sealedEntries)
                        .allMatch(flags -> flags != null && flags.matches("1+"));
            }
            aPlaintextIsRefusedWhereSealingIsRequired(node, root);
        }
    }

    /** A plain HiveMQ client, not the SDK: the refusal seen is the gateway's own reason code. */
    private void aPlaintextIsRefusedWhereSealingIsRequired(NodeHarness node, X509Certificate root) throws Exception {
        DeviceCredentials sensor2 = enroll(node, "sensor-2");
        var identity = DeviceTls.identity(sensor2.privateKey(), sensor2.presentedChain());
        Mqtt5BlockingClient mqtt5 = MqttClient.builder()
                .useMqttVersion5()
                .identifier("sensor-2")
                .serverHost("localhost")
                .serverPort(node.node.mqttPort())
                .sslConfig()
                .keyManagerFactory(identity)
                .trustManagerFactory(DeviceTls.trustOnly(root))
                .applySslConfig()
                .buildBlocking();
        mqtt5.connect();
        try {
            // WHEN a device publishes a plaintext (QoS 1, MQTT 5) under devices/+/sealed/#
            // THEN it is refused with PUBACK 0x99 Payload format invalid
            assertThatThrownBy(() -> mqtt5.publishWith()
                            .topic("devices/sensor-2/sealed/reading")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                            .send())
                    .isInstanceOfSatisfying(
                            Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));
            // AND a plaintext elsewhere is accepted: sealing is opt-in per topic
            mqtt5.publishWith()
                    .topic("devices/sensor-2/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                    .send();
        } finally {
            mqtt5.disconnect();
        }
        // AND over MQTT 3.1.1, which has no negative PUBACK, the connection is closed
        Mqtt3BlockingClient mqtt3 = MqttClient.builder()
                .useMqttVersion3()
                .identifier("sensor-2")
                .serverHost("localhost")
                .serverPort(node.node.mqttPort())
                .sslConfig()
                .keyManagerFactory(identity)
                .trustManagerFactory(DeviceTls.trustOnly(root))
                .applySslConfig()
                .buildBlocking();
        mqtt3.connect();
        assertThatThrownBy(() -> mqtt3.publishWith()
                        .topic("devices/sensor-2/sealed/reading")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload("plain".getBytes(StandardCharsets.UTF_8))
                        .send())
                .isInstanceOf(RuntimeException.class);
        Waits.until(
                "the MQTT 3.1.1 connection is closed",
                Duration.ofSeconds(10),
                () -> !mqtt3.getState().isConnected());
        // AND only the accepted plaintext was stored, and each refusal is in the trail as a denied iot:Publish
        List<JsonNode> stored = waitForMessages(node, "sensor-2", 1);
        assertThat(stored).extracting(m -> m.path("topic").asText()).containsExactly("devices/sensor-2/telemetry");
        assertThat(stored.get(0).path("endToEndEncrypted").asBoolean()).isFalse();
        node.node.audit().log().flushAndSign();
        String trail =
                ok(node.cli("audit", "query", "--json", "--limit", "1000")).out();
        assertThat(trail.split("PAYLOAD_NOT_SEALED", -1).length - 1)
                .as("both refusals audited")
                .isGreaterThanOrEqualTo(2);
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
        return waitForMessages(node, "sensor-1", count);
    }

    private static List<JsonNode> waitForMessages(NodeHarness node, String thing, int count) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        Waits.until("telemetry stored", Duration.ofSeconds(10), () -> {
            messages.clear();
            try {
                JSON.readTree(ok(node.cli("data", "query", thing, "--json")).out())
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
