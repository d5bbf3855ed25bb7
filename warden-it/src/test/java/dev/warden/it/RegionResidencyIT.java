package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.warden.device.DeviceTls;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.CsrParser;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.testkit.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data residency at the gateway, with two real regions: a device enrolled in us-east-1 that reaches eu-west-1's
 * gateway is sent home (MQTT 5: CONNACK 0x9C Use Another Server naming us-east-1's gateway; MQTT 3.1.1, mosquitto:
 * refused), nothing of it is stored in eu-west-1, the attempt is in eu-west-1's trail, and it connects at home. A
 * device of a region outside the deployment, and one of a region that left, still fail the TLS handshake.
 */
@Tag("mosquitto")
class RegionResidencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING = "sensor-us";

    @TempDir
    Path dir;

    @Test
    void aDeviceThatReachesAnotherRegionIsSentHomeAndNothingOfItStaysThere() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            // GIVEN us-east-1 joined eu-west-1's deployment, and a device enrolled in us-east-1
            String token = eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(5));
            us.node.regions().join(token, Optional.empty());
            Path device = dir.resolve(THING);
            ok(us.cli("device", "enroll", THING, "--out", device.toString()));
            List<X509Certificate> chain = chain(device);
            PrivateKey key = Pem.parsePrivateKey(Files.readString(device.resolve(THING + ".key")));
            // A device that may roam trusts the deployment's roots, so that it can hear where home is.
            Path roots = bundle("roots.pem", root(eu), root(us));
            String home = us.node.regions().service().local().mqttUrl().substring("mqtts://".length());
            assertThat(home).endsWith(":" + us.node.mqttPort());

            // WHEN it connects to eu-west-1's gateway over MQTT 5, asking for a persistent session
            // THEN it is refused with Use Another Server, naming us-east-1's gateway
            Mqtt5BlockingClient roamer = mqtt5(key, chain, eu.node.mqttPort(), roots);
            assertThatThrownBy(() -> roamer.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(3600)
                            .send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> {
                        assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER);
                        assertThat(e.getMqttMessage().getServerReference().map(MqttUtf8String::toString))
                                .contains(home);
                    });

            // AND over MQTT 3.1.1 (mosquitto, which cannot be told where) it is refused
            Path certFile = bundle(THING + "-chain.crt", chain.toArray(X509Certificate[]::new));
            Processes.Result refused = Processes.run(
                    dir, mosquitto(eu.node.mqttPort(), roots, certFile, device.resolve(THING + ".key")), 20);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).containsIgnoringCase("not authori");

            // AND both attempts are in eu-west-1's trail: iot:Connect denied, WRONG_REGION, home region named
            eu.node.audit().log().flushAndSign();
            List<JsonNode> sentHome = audit(eu, "--action", "iot:Connect", "--result", "deny").stream()
                    .filter(e -> e.path("details").path("reason").asText().equals("WRONG_REGION"))
                    .toList();
            assertThat(sentHome).hasSize(2).allSatisfy(e -> {
                assertThat(e.path("details").path("homeRegion").asText()).isEqualTo("us-east-1");
                assertThat(e.path("details").path("serverReference").asText()).isEqualTo(home);
                assertThat(e.path("details").path("serial").asText()).isEqualTo(serial(chain.get(0)));
                assertThat(e.path("principal").path("id").asText())
                        .isEqualTo("arn:warden:iot:us-east-1:default:thing/" + THING);
            });

            // AND nothing of the device is in eu-west-1: no thing, no certificate, no session, no telemetry
            Optional<Thing> thing = eu.node.database().read(h -> new ThingDao(h).find(THING));
            assertThat(thing).isEmpty();
            assertThat(eu.node.statusIndex().get(chain.get(0).getSerialNumber()))
                    .isNull();
            assertThat(eu.node.mqttSessions().store().sessionsOf(THING)).isZero();
            assertThat(eu.node.telemetry().wrappedDataKey(THING)).isEmpty();
            assertThat(eu.node.gateway().sessions().connectionCount()).isZero();

            // WHEN the same device connects to its home region THEN it is accepted and may publish
            Mqtt5BlockingClient atHome = mqtt5(key, chain, us.node.mqttPort(), roots);
            assertThat(atHome.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            atHome.publishWith()
                    .topic("devices/" + THING + "/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                    .send();
            atHome.disconnect();

            // AND a device of a region that is not a member still fails eu-west-1's handshake
            CaHierarchy stranger = CaHierarchyBuilder.create(
                    new CaNames("ap-southeast-1", "default"), new SoftwareKeySource(), Clock.systemUTC());
            KeyPair strangerKey = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
            List<X509Certificate> strangerChain = List.of(
                    strangerDevice(stranger, strangerKey), stranger.issuing().certificate());
            Path strangerRoots =
                    bundle("stranger-roots.pem", root(eu), stranger.root().certificate());
            assertRefusedAtTheHandshake(
                    eu, mqtt5(strangerKey.getPrivate(), strangerChain, eu.node.mqttPort(), strangerRoots));

            // AND once us-east-1 has left the deployment, its devices fail eu-west-1's handshake too
            us.node.regions().leave();
            assertRefusedAtTheHandshake(eu, mqtt5(key, chain, eu.node.mqttPort(), roots));
            eu.node.audit().log().flushAndSign();
            assertThat(audit(eu, "--action", "iot:Connect", "--result", "deny").stream()
                            .filter(e ->
                                    e.path("details").path("reason").asText().equals("WRONG_REGION")))
                    .as("no attempt after the handshakes failed")
                    .hasSize(2);
        }
    }

    private static void assertRefusedAtTheHandshake(NodeHarness node, Mqtt5BlockingClient client) throws Exception {
        int before = tlsFailures(node);
        assertThatThrownBy(client::connect).isNotInstanceOf(Mqtt5ConnAckException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tlsFailures(node) == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(tlsFailures(node)).isGreaterThan(before);
    }

    private static int tlsFailures(NodeHarness node) throws Exception {
        node.node.audit().log().flushAndSign();
        return audit(node, "--action", "iot:TlsHandshake", "--result", "deny").size();
    }

    /** What a Warden device sends: its certificate and its region's issuing CA. */
    private static List<X509Certificate> chain(Path device) throws Exception {
        List<X509Certificate> chain =
                new ArrayList<>(Pem.parseCertificates(Files.readString(device.resolve(THING + ".crt"))));
        chain.add(Pem.parseCertificates(Files.readString(device.resolve("ca-chain.pem")))
                .get(0));
        return chain;
    }

    private static X509Certificate root(NodeHarness node) throws Exception {
        return Pem.parseCertificates(Files.readString(node.dataDir.resolve("pki/root.crt")))
                .get(0);
    }

    private Path bundle(String name, X509Certificate... certificates) throws Exception {
        return Files.writeString(dir.resolve(name), Pem.encode(List.of(certificates)));
    }

    private static X509Certificate strangerDevice(CaHierarchy ca, KeyPair key) {
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(key, "sensor-ap"));
        return new CertificateIssuer(ca.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        "sensor-ap",
                        "arn:warden:iot:ap-southeast-1:default:thing/sensor-ap",
                        csr.publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.DEVICE));
    }

    private static Mqtt5BlockingClient mqtt5(PrivateKey key, List<X509Certificate> chain, int port, Path roots)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> anchors = Pem.parseCertificates(Files.readString(roots));
        for (int i = 0; i < anchors.size(); i++) {
            trust.setCertificateEntry("root-" + i, anchors.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(THING)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig()
                .keyManagerFactory(DeviceTls.identity(key, chain))
                .trustManagerFactory(trustManagers)
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .applySslConfig()
                .buildBlocking();
    }

    private static List<String> mosquitto(int port, Path cafile, Path cert, Path key) {
        Processes.requireTool("mosquitto_pub");
        return List.of(
                "mosquitto_pub",
                "-h",
                "localhost",
                "-p",
                String.valueOf(port),
                "--cafile",
                cafile.toString(),
                "--cert",
                cert.toString(),
                "--key",
                key.toString(),
                "-i",
                THING,
                "-V",
                "mqttv311",
                "-t",
                "devices/" + THING + "/telemetry",
                "-m",
                "x",
                "-q",
                "1");
    }

    private static List<JsonNode> audit(NodeHarness node, String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
        args.addAll(List.of(filters));
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(node.cli(args.toArray(String[]::new))).out())
                .path("events")
                .forEach(events::add);
        return events;
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
