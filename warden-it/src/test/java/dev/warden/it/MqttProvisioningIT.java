package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet provisioning over MQTT: a device holding only the factory's claim certificate asks for its own certificate
 * on {@code $warden/provisioning-templates/<name>/provision/json}, gets it on {@code .../accepted} (or a reason on
 * {@code .../rejected}), and then connects as itself. The claim can do nothing else.
 */
class MqttProvisioningIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Mqtt5BlockingClient client(String clientId, PrivateKey key, List<X509Certificate> chain, int port)
            throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("id", key, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt"))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("localhost")
                .serverPort(port)
                .sslConfig()
                .keyManagerFactory(keys)
                .trustManagerFactory(trustManagers)
                .applySslConfig()
                .buildBlocking();
    }

    private JsonNode request(Mqtt5BlockingClient claim, String template, String body) throws Exception {
        String topic = "$warden/provisioning-templates/" + template + "/provision/json";
        try (Mqtt5BlockingClient.Mqtt5Publishes replies = claim.publishes(MqttGlobalPublishFilter.ALL)) {
            claim.subscribeWith()
                    .topicFilter(topic + "/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            claim.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(body.getBytes(StandardCharsets.UTF_8))
                    .send();
            Mqtt5Publish reply =
                    replies.receive(15, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no reply"));
            ObjectNodeWithTopic.topic = reply.getTopic().toString();
            return JSON.readTree(reply.getPayloadAsBytes());
        }
    }

    /** The topic of the last reply (accepted or rejected). */
    private static final class ObjectNodeWithTopic {
        static String topic;
    }

    @Test
    void aClaimProvisionsADeviceOverMqttAndCanDoNothingElse() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            assertThat(harness.cli("template", "create", "meters", "--pattern", "meter-*")
                            .exitCode())
                    .isZero();
            assertThat(harness.cli(
                                    "claim",
                                    "create",
                                    "plant",
                                    "--template",
                                    "meters",
                                    "--out",
                                    dir.resolve("claim").toString())
                            .exitCode())
                    .isZero();
            PrivateKey claimKey = Pem.parsePrivateKey(Files.readString(dir.resolve("claim/plant.key")));
            List<X509Certificate> claimChain = Pem.parseCertificates(Files.readString(dir.resolve("claim/plant.crt")));
            int port = harness.node.mqttPort();

            Mqtt5BlockingClient claim = client("meter-7", claimKey, claimChain, port);
            claim.connect();
            KeyPair deviceKey = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
            String csr = Pem.encodeCsr(
                    new org.bouncycastle.pkcs.PKCS10CertificationRequest(CsrBuilder.buildCsrDer(deviceKey, "meter-7")));
            JsonNode accepted = request(
                    claim,
                    "meters",
                    JSON.writeValueAsString(Map.of("csr", csr, "parameters", Map.of("ThingName", "meter-7"))));
            assertThat(ObjectNodeWithTopic.topic).endsWith("/accepted");
            assertThat(accepted.path("thingName").asText()).isEqualTo("meter-7");

            JsonNode rejected = request(
                    claim,
                    "meters",
                    JSON.writeValueAsString(Map.of("csr", csr, "parameters", Map.of("ThingName", "laptop-1"))));
            assertThat(ObjectNodeWithTopic.topic).endsWith("/rejected");
            assertThat(rejected.path("code").asText()).isEqualTo("THING_NAME_NOT_ALLOWED");

            // The claim is only for provisioning.
            assertThatThrownBy(() -> claim.publishWith()
                            .topic("devices/meter-7/telemetry")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(new byte[] {1})
                            .send())
                    .isInstanceOf(Mqtt5PubAckException.class);
            claim.disconnect();

            // The new device connects as itself with the certificate it received.
            List<X509Certificate> chain =
                    Pem.parseCertificates(accepted.path("certificatePem").asText()
                            + accepted.path("chainPem").asText());
            Mqtt5BlockingClient device = client("meter-7", deviceKey.getPrivate(), chain, port);
            device.connect();
            device.publishWith()
                    .topic("devices/meter-7/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send();
            device.disconnect();

            // Both outcomes are in the audit trail, attributed to the claim.
            harness.node.audit().log().flushAndSign();
            JsonNode events = JSON.readTree(harness.cli("audit", "query", "--action", "iot:ProvisionByClaim", "--json")
                            .out())
                    .path("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("result").asText()).isEqualTo("ALLOW");
                assertThat(e.path("principal").path("id").asText()).isEqualTo("plant");
                assertThat(e.path("details").path("thing").asText()).isEqualTo("meter-7");
            });
            assertThat(events)
                    .anySatisfy(
                            e -> assertThat(e.path("details").path("errorCode").asText())
                                    .isEqualTo("THING_NAME_NOT_ALLOWED"));
        }
    }
}
