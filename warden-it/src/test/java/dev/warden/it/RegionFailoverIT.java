package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.Backoff;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.DeviceErrorReason;
import dev.warden.device.DeviceException;
import dev.warden.device.MqttProtocol;
import dev.warden.device.Qos;
import dev.warden.device.ServerReference;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.RevocationReason;
import dev.warden.registry.IssuedCertificate;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.telemetry.TelemetryMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover within a jurisdiction, with two real regions: eu-west-1 names eu-central-1 its standby; eu-central-1
 * replicates eu-west-1's device status (a revocation included); eu-west-1 goes down; an operator declares the failover
 * in eu-central-1, and a device of eu-west-1 (the SDK, with eu-central-1 as its alternate gateway) reconnects there
 * with its own certificate and keeps publishing, while a revoked device and one whose name is taken locally are
 * refused. eu-west-1 comes back; failback sends the device home (MQTT 5 DISCONNECT Use Another Server) and hands its
 * data back: stored in eu-west-1 under its own key, deleted in eu-central-1, every step audited where it happened.
 * A device revoked in eu-central-1 during the failover (eu-west-1 being down) is cut off there at once, and eu-west-1
 * revokes it itself at failback, before any device goes home.
 */
class RegionFailoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aFailedRegionsDevicesAreServedByItsStandbyAndGoHomeWithTheirDataAtFailback() throws Exception {
        NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
        try (NodeHarness central = NodeHarness.region(dir, "eu-central-1")) {
            // GIVEN eu-central-1 joined eu-west-1's deployment, both in jurisdiction "eu"
            central.node
                    .regions()
                    .join(eu.node.regions().createJoinToken("eu-central-1", Duration.ofMinutes(5)), Optional.empty());
            ok(eu.cli("region", "jurisdiction", "set", "eu", "--regions", "eu-west-1,eu-central-1"));
            // AND three devices of eu-west-1: one that works, one revoked, one named like a thing of eu-central-1
            Device sensor = enroll(eu, "sensor-a");
            Device older = enroll(eu, "sensor-311");
            Device revoked = enroll(eu, "sensor-b");
            eu.node.certificates().revoke(revoked.credentials.serialHex(), RevocationReason.KEY_COMPROMISE);
            Device clash = enroll(eu, "pump-1");
            enroll(central, "pump-1");
            // AND one that will be compromised while eu-west-1 is down
            Device stolen = enroll(eu, "sensor-c");

            // WHEN eu-west-1 names eu-central-1 its standby THEN eu-central-1 replicates its devices' status
            String named = ok(eu.cli("region", "standby", "eu-west-1", "--to", "eu-central-1"))
                    .out();
            assertThat(named).contains("eu-west-1: standby eu-central-1");
            await(
                    "the standby's replica",
                    () -> failover(central).path("replicaDevices").asInt() == 5);
            assertThat(failover(central).path("state").asText()).isEqualTo("STANDBY");

            // AND a failover cannot be declared where the standby is not
            assertThat(eu.cli("region", "failover", "eu-west-1").exitCode()).isNotZero();

            // GIVEN the device connected at home, with eu-central-1 as its alternate
            List<X509Certificate> roots = List.of(root(eu), root(central));
            DeviceClientConfig config = DeviceClientConfig.of("localhost", eu.node.mqttPort())
                    .withDeploymentRoots(roots)
                    .withAlternates(List.of(new ServerReference("localhost", central.node.mqttPort())))
                    .withConnectTimeout(Duration.ofSeconds(3))
                    .withBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0));
            int[] ports = {
                eu.node.adminPort(),
                eu.node.publicPort(),
                eu.node.mqttPort(),
                eu.node.regions().linkPort()
            };
            // (and one over MQTT 3.1.1, which a standby not yet serving can only refuse, 0x05: it tries the next)
            try (DeviceClient device = DeviceClient.connect(sensor.credentials, config, null);
                    DeviceClient device311 = DeviceClient.connect(
                            older.credentials, config.withProtocol(MqttProtocol.MQTT_3_1_1), null)) {
                device.publishTelemetry(bytes("home-1"), Qos.AT_LEAST_ONCE).join();

                // WHEN eu-west-1 goes down and the failover is declared in eu-central-1
                eu.close();
                await("the devices notice", () -> !device.isConnected() && !device311.isConnected());
                JsonNode declared = JSON.readTree(
                        ok(central.cli("region", "failover", "eu-west-1", "--to", "eu-central-1", "--json"))
                                .out());
                long declaredAt = System.nanoTime();
                assertThat(declared.path("state").asText()).isEqualTo("ACTIVE");

                // THEN the device reconnects to eu-central-1 with its own certificate and publishes there
                await("the device served by the standby", device::isConnected);
                System.out.printf(
                        "RegionFailoverIT: device reconnected %d ms after the failover was declared%n",
                        (System.nanoTime() - declaredAt) / 1_000_000);
                await("the MQTT 3.1.1 device served by the standby", device311::isConnected);
                assertThat(central.node.gateway().sessions().guestCount("eu-west-1"))
                        .isEqualTo(2);
                for (int i = 1; i <= 3; i++) {
                    device.publishTelemetry(bytes("standby-" + i), Qos.AT_LEAST_ONCE)
                            .join();
                }
                // AND its data is kept apart in eu-central-1, under its guest name, never as a thing of its own
                await(
                        "the standby stored the messages",
                        () -> central.node.telemetry().guestThings("eu-west-1").contains("eu-west-1/sensor-a"));
                assertThat(central.node.telemetry().wrappedDataKey("sensor-a")).isEmpty();

                // AND the revoked device and the one whose name is taken here are refused
                DeviceClientConfig atStandby =
                        config.withServer(new ServerReference("localhost", central.node.mqttPort()));
                assertRefused(revoked, atStandby);
                assertRefused(clash, atStandby);

                // WHEN a device is compromised while its home is down: revoked in the standby
                String stolenSerial = stolen.credentials.serialHex();
                try (DeviceClient thief = DeviceClient.connect(stolen.credentials, atStandby, null)) {
                    assertThat(thief.isConnected()).isTrue();
                    JsonNode revokedHere = JSON.readTree(ok(central.cli(
                                    "region",
                                    "revoke-guest",
                                    "eu-west-1",
                                    stolenSerial,
                                    "--reason",
                                    "keyCompromise",
                                    "--json"))
                            .out());
                    assertThat(revokedHere.path("thing").asText()).isEqualTo("sensor-c");
                    assertThat(revokedHere.path("disconnected").asInt()).isEqualTo(1);
                    // THEN its connection is cut at once and it is refused here from now on
                    await("the stolen device cut off", () -> !thief.isConnected());
                }
                assertRefused(stolen, atStandby);
                assertThat(failover(central).path("revocationsPending").asInt()).isEqualTo(1);
                // AND a serial the replica does not hold is refused
                assertThat(central.cli("region", "revoke-guest", "eu-west-1", "abcdef")
                                .err())
                        .contains("GUEST_CERTIFICATE_UNKNOWN");

                // WHEN eu-west-1 is back and failback is run in eu-central-1
                eu = restart(dir, ports);
                NodeHarness home = eu;
                JsonNode back = JSON.readTree(ok(central.cli("region", "failback", "eu-west-1", "--json"))
                        .out());

                // THEN home took the revocation first: the stolen device is revoked there too
                assertThat(back.path("revocationsHandedOver").asInt()).isEqualTo(1);
                assertThat(home.node
                                .certificates()
                                .find(stolenSerial)
                                .orElseThrow()
                                .status())
                        .isEqualTo(CertificateStatus.REVOKED);
                assertRefused(stolen, config);

                // AND the device was sent home and reconnects there
                assertThat(back.path("sentHome").asInt()).isEqualTo(2);
                await(
                        "the device back home",
                        () -> device.isConnected()
                                && !home.node
                                        .gateway()
                                        .sessions()
                                        .sessionsOf("sensor-a")
                                        .isEmpty());
                await(
                        "the MQTT 3.1.1 device back home too",
                        () -> device311.isConnected()
                                && !home.node
                                        .gateway()
                                        .sessions()
                                        .sessionsOf("sensor-311")
                                        .isEmpty());
                assertThat(central.node.gateway().sessions().guestCount("eu-west-1"))
                        .isZero();

                // AND its messages from eu-central-1 are stored at home, under eu-west-1's key, and gone there
                assertThat(back.path("handedBack").path("messages").asInt()).isEqualTo(3);
                List<String> stored = new ArrayList<>();
                for (TelemetryMessage m : home.node
                        .telemetry()
                        .query("sensor-a", Instant.EPOCH, Instant.now().plusSeconds(60), 100)) {
                    stored.add(new String(m.payload(), StandardCharsets.UTF_8));
                }
                assertThat(stored).contains("home-1", "standby-1", "standby-2", "standby-3");
                assertThat(central.node.telemetry().guestThings("eu-west-1")).isEmpty();
                assertThat(failover(central).path("state").asText()).isEqualTo("STANDBY");
            }

            // AND every step is in the trail of the region where it happened
            central.node.audit().log().flushAndSign();
            eu.node.audit().log().flushAndSign();
            assertThat(audit(central, "region:Failover")).singleElement().satisfies(e -> {
                assertThat(e.path("resource").asText()).isEqualTo("arn:warden:region::default:region/eu-west-1");
                assertThat(e.path("details").path("replicaDevices").asInt()).isEqualTo(5);
            });
            assertThat(audit(central, "region:Failback")).singleElement().satisfies(e -> {
                assertThat(e.path("details").path("messages").asInt()).isEqualTo(3);
                assertThat(e.path("details").path("revocationsHandedOver").asInt())
                        .isEqualTo(1);
            });
            String stolenArn = "arn:warden:iot:eu-west-1:default:cert/" + stolen.credentials.serialHex();
            assertThat(audit(central, "region:RevokeGuestCertificate"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.path("resource").asText()).isEqualTo(stolenArn);
                        assertThat(e.path("details").path("reason").asText()).isEqualTo("keyCompromise");
                    });
            assertThat(audit(eu, "region:TakeGuestRevocation")).singleElement().satisfies(e -> {
                assertThat(e.path("resource").asText()).isEqualTo(stolenArn);
                assertThat(e.path("principal").path("id").asText()).isEqualTo("eu-central-1");
                assertThat(e.path("details").path("outcome").asText()).isEqualTo("REVOKED");
            });
            assertThat(audit(eu, "region:HandBack")).singleElement().satisfies(e -> {
                assertThat(e.path("details").path("thing").asText()).isEqualTo("sensor-a");
                assertThat(e.path("details").path("stored").asInt()).isEqualTo(3);
            });
            assertThat(audit(eu, "region:SetStandby")).hasSize(1);
            // AND the standby's trail names the device it served by its ARN at home, never as a thing of its own
            assertThat(audit(central, "iot:Connect"))
                    .filteredOn(e -> e.path("result").asText().equals("ALLOW"))
                    .extracting(e -> e.path("principal").path("id").asText())
                    .contains("arn:warden:iot:eu-west-1:default:thing/sensor-a")
                    .doesNotContain("sensor-a");
        } finally {
            eu.close();
        }
    }

    private record Device(String name, KeyPair key, DeviceCredentials credentials) {}

    private static Device enroll(NodeHarness node, String name) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.node.certificates().enroll(name, CsrBuilder.buildCsrDer(key, name), null, Map.of(), null);
        return new Device(
                name,
                key,
                new DeviceCredentials(
                        name, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem())));
    }

    private static void assertRefused(Device device, DeviceClientConfig config) {
        assertThatThrownBy(() ->
                        DeviceClient.connect(device.credentials, config, null).close())
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
    }

    /** eu-west-1 again, on its data directory and its ports (its members know it by them). */
    private static NodeHarness restart(Path dir, int[] ports) {
        return new NodeHarness(
                dir.resolve("eu-west-1"),
                null,
                Map.of(
                        ConfigKey.REGION, "eu-west-1",
                        ConfigKey.REGION_LINKS, "on",
                        ConfigKey.ADMIN_PORT, String.valueOf(ports[0]),
                        ConfigKey.PUBLIC_PORT, String.valueOf(ports[1]),
                        ConfigKey.MQTT_PORT, String.valueOf(ports[2]),
                        ConfigKey.REGION_LINK_PORT, String.valueOf(ports[3])));
    }

    private static JsonNode failover(NodeHarness standby) {
        try {
            JsonNode all = JSON.readTree(
                            ok(standby.cli("region", "failovers", "--json")).out())
                    .path("failovers");
            return all.isEmpty() ? JSON.createObjectNode() : all.get(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static X509Certificate root(NodeHarness node) throws Exception {
        return Pem.parseCertificates(Files.readString(node.dataDir.resolve("pki/root.crt")))
                .get(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The events of {@code action} that record the operation itself (not the admin API's intent and result). */
    private static List<JsonNode> audit(NodeHarness node, String action) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(node.cli("audit", "query", "--json", "--limit", "1000", "--action", action))
                        .out())
                .path("events")
                .forEach(e -> {
                    if (!e.path("details").has("method")) {
                        events.add(e);
                    }
                });
        return events;
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        Waits.until(what, WITHIN, condition);
    }
}
