package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.sun.net.httpserver.HttpServer;
import dev.warden.kms.SecretValue;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationRequest;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.monitor.store.MitigationStatus;
import dev.warden.monitor.store.NotificationRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mitigation run through a real node's mitigation service, as the monitor runs it for an alarm, with its effect
 * asserted on real MQTT 5 devices: quarantine refuses the device's next publish but to its remediation topics, a
 * revocation and a deactivation cut the live session and refuse the reconnect, a ban of the device's address refuses
 * new connections from it, raised audit detail puts every publish in the trail, and a notification reaches a webhook
 * signed. Every mitigation's audit events name the alarm.
 */
class MitigationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PAYLOAD = "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    static NodeHarness harness;

    @BeforeAll
    static void start() {
        harness = new NodeHarness(dir.resolve("data"), null);
        for (String thing : List.of("dev-q", "dev-r", "dev-x", "dev-b", "dev-d", "dev-n")) {
            ok(harness.cli(
                    "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static MitigationService mitigations() {
        return harness.node.mitigator();
    }

    /** The request the monitor makes when a behaviour's automatic mitigation fires for alarm {@code alarmId}. */
    private static MitigationRequest automatic(long alarmId, MitigationAction action, String thing) {
        return new MitigationRequest(
                alarmId,
                new AlarmKey("warden-baseline", "shared-certificate", TargetKey.thing(thing)),
                action,
                true,
                null,
                "certificate used from 2 addresses",
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void quarantineRefusesTheNextPublishButToTheRemediationTopics() throws Exception {
        Mqtt5BlockingClient device = client("dev-q", null);
        device.connect();
        try {
            // GIVEN dev-q publishing its telemetry
            publish(device, "devices/dev-q/telemetry");

            // WHEN alarm 101 quarantines it
            long id = mitigations().run(automatic(101, MitigationAction.QUARANTINE, "dev-q"));

            // THEN its next publish on the same session is refused with PUBACK 0x87 Not authorized
            assertThatThrownBy(() -> publish(device, "devices/dev-q/telemetry"))
                    .isInstanceOfSatisfying(
                            Mqtt5PubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            // AND its remediation topics are still open, both ways (it receives its own remediation message)
            try (Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                device.subscribeWith()
                        .topicFilter("$warden/things/dev-q/remediation/#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                publish(device, "$warden/things/dev-q/remediation/status");
                assertThat(inbox.receive(5, TimeUnit.SECONDS))
                        .hasValueSatisfying(p -> assertThat(p.getTopic().toString())
                                .isEqualTo("$warden/things/dev-q/remediation/status"));
            }
            assertThat(mitigations().find(id).orElseThrow().status()).isEqualTo(MitigationStatus.DONE);

            // WHEN it is released THEN its telemetry is accepted again
            assertThat(mitigations().release("dev-q")).isTrue();
            publish(device, "devices/dev-q/telemetry");
        } finally {
            device.disconnect();
        }
        assertIntentAndOutcome("monitor:Quarantine", 101, "dev-q");
    }

    @Test
    void aRevocationCutsTheLiveSessionAndRefusesTheReconnect() throws Exception {
        assertSessionCutAndReconnectRefused("dev-r", 102, MitigationAction.REVOKE_CERTIFICATE);
        assertIntentAndOutcome("monitor:RevokeCertificate", 102, "dev-r");
    }

    @Test
    void disablingAThingCutsTheLiveSessionAndRefusesTheReconnect() throws Exception {
        assertSessionCutAndReconnectRefused("dev-x", 103, MitigationAction.DISABLE_THING);
        assertIntentAndOutcome("monitor:DisableThing", 103, "dev-x");
        assertThat(harness.node.certificates().list(100, null))
                .filteredOn(c -> "dev-x".equals(c.thingName()))
                .extracting(c -> c.status().name())
                .containsOnly("INACTIVE");
    }

    private static void assertSessionCutAndReconnectRefused(String thing, long alarmId, MitigationAction action)
            throws Exception {
        CompletableFuture<Throwable> cut = new CompletableFuture<>();
        Mqtt5BlockingClient device = builder(thing, null)
                .addDisconnectedListener(ctx -> cut.complete(ctx.getCause()))
                .buildBlocking();
        device.connect();
        publish(device, "devices/" + thing + "/telemetry");

        // WHEN the alarm's mitigation runs THEN the live session is cut within seconds
        mitigations().run(automatic(alarmId, action, thing));
        assertThat(cut.get(5, TimeUnit.SECONDS)).isNotNull();

        // AND the device cannot connect again
        Mqtt5BlockingClient again = client(thing, null);
        assertThatThrownBy(again::connect).isInstanceOf(RuntimeException.class);
    }

    @Test
    void banningTheSourceAddressRefusesNewConnectionsFromIt() throws Exception {
        // GIVEN dev-b connected from 127.0.0.2 (its own loopback address, so other tests keep 127.0.0.1)
        Mqtt5BlockingClient device = client("dev-b", "127.0.0.2");
        device.connect();
        try {
            // WHEN alarm 104 bans its source address
            long id = mitigations().run(automatic(104, MitigationAction.BAN_SOURCE_IP, "dev-b"));
            assertThat(mitigations().find(id).orElseThrow().detail()).contains("127.0.0.2");

            // THEN a new connection from that address is refused by the firewall, before TLS
            long bannedBefore = banned();
            assertThatThrownBy(client("dev-b", "127.0.0.2")::connect).isInstanceOf(RuntimeException.class);
            assertThat(banned()).isEqualTo(bannedBefore + 1);
            // AND another address still connects
            Mqtt5BlockingClient other = client("dev-n", "127.0.0.1");
            other.connect();
            other.disconnect();
        } finally {
            device.disconnect();
        }
        // AND the ban is the firewall's, stored, naming the alarm
        assertThat(ok(harness.cli("firewall", "bans", "--json")).out())
                .contains("127.0.0.2")
                .contains("monitor alarm 104");
        assertIntentAndOutcome("monitor:BanSourceIp", 104, "dev-b");
    }

    @Test
    void raisedAuditDetailPutsEveryPublishInTheTrail() throws Exception {
        // WHEN alarm 105 raises dev-d's audit detail
        mitigations().run(automatic(105, MitigationAction.RAISE_AUDIT_DETAIL, "dev-d"));

        // AND it publishes to three topics
        Mqtt5BlockingClient device = client("dev-d", null);
        device.connect();
        try {
            for (String leaf : List.of("a", "b", "c")) {
                publish(device, "devices/dev-d/telemetry/" + leaf);
            }
        } finally {
            device.disconnect();
        }

        // THEN each publish is its own iot:Publish event with its topic, size and QoS
        List<JsonNode> publishes =
                awaitEvents(3, "--action", "iot:Publish", "--principal", "dev-d", "--result", "allow");
        assertThat(publishes)
                .extracting(e -> e.path("details").path("topic").asText())
                .containsExactlyInAnyOrder(
                        "devices/dev-d/telemetry/a", "devices/dev-d/telemetry/b", "devices/dev-d/telemetry/c");
        assertThat(publishes).allSatisfy(e -> {
            assertThat(e.path("details").path("size").asText()).isEqualTo(String.valueOf(PAYLOAD.length));
            assertThat(e.path("details").path("qos").asText()).isEqualTo("1");
        });
        assertIntentAndOutcome("monitor:RaiseAuditDetail", 105, "dev-d");
    }

    @Test
    void aNotificationReachesTheWebhookSigned() throws Exception {
        // GIVEN a webhook, and its signing secret in the node's secrets manager
        String secret = "whsec-" + java.util.UUID.randomUUID();
        harness.node.secrets().put("webhooks/ops", SecretValue.of(secret));
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/warden", exchange -> {
            received.add(Map.of(
                    "timestamp", exchange.getRequestHeaders().getFirst("X-Warden-Timestamp"),
                    "signature", exchange.getRequestHeaders().getFirst("X-Warden-Signature"),
                    "delivery", exchange.getRequestHeaders().getFirst("X-Warden-Delivery"),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            // WHEN alarm 106 notifies
            mitigations()
                    .run(new MitigationRequest(
                            106,
                            new AlarmKey("warden-baseline", "message-flood", TargetKey.thing("dev-n")),
                            MitigationAction.NOTIFY,
                            true,
                            null,
                            "412 > 100 messages in 10 s",
                            Optional.of(
                                    "http://127.0.0.1:" + server.getAddress().getPort() + "/warden"),
                            Optional.of("webhooks/ops")));

            // THEN one signed POST arrives, and its delivery is recorded as delivered
            NotificationRecord delivery = awaitDelivered(106);
            assertThat(received).hasSize(1);
            Map<String, String> post = received.get(0);
            assertThat(post.get("delivery")).isEqualTo(delivery.deliveryId());
            assertThat(post.get("signature"))
                    .isEqualTo("v1=" + hmac(secret, post.get("timestamp") + "." + post.get("body")));
            JsonNode body = JSON.readTree(post.get("body"));
            assertThat(body.path("alarmId").asLong()).isEqualTo(106);
            assertThat(body.path("alarm").path("target").asText()).isEqualTo("thing/dev-n");
            assertThat(body.path("region").asText())
                    .isEqualTo(harness.node.config().region());
            assertThat(post.get("body")).doesNotContain(secret);
        } finally {
            server.stop(0);
        }
        assertIntentAndOutcome("monitor:Notify", 106, "dev-n");
    }

    private static long banned() {
        return harness.node.gateway().firewall().refusals().getOrDefault(dev.warden.gateway.Admission.BANNED, 0L);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void publish(Mqtt5BlockingClient device, String topic) {
        device.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(PAYLOAD)
                .send();
    }

    /** The trail holds the mitigation's intent and then its outcome (done), both naming the alarm and the thing. */
    private static void assertIntentAndOutcome(String action, long alarmId, String thing) throws Exception {
        List<JsonNode> events = awaitEvents(2, "--action", action);
        List<JsonNode> ofAlarm = events.stream()
                .filter(e -> e.path("details").path("alarmId").asText().equals(String.valueOf(alarmId)))
                .toList();
        assertThat(ofAlarm)
                .extracting(e -> e.path("details").path("stage").asText())
                .containsExactlyInAnyOrder("intent", "outcome");
        assertThat(ofAlarm).allSatisfy(e -> assertThat(e.toString()).contains("thing/" + thing));
        assertThat(ofAlarm)
                .filteredOn(e -> e.path("details").path("stage").asText().equals("outcome"))
                .extracting(e -> e.path("details").path("status").asText())
                .containsExactly("done");
    }

    private static List<JsonNode> awaitEvents(int atLeast, String... filters) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> events = List.of();
        while (System.nanoTime() < deadline) {
            harness.node.audit().log().flushAndSign();
            List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
            args.addAll(List.of(filters));
            List<JsonNode> found = new ArrayList<>();
            JSON.readTree(ok(harness.cli(args.toArray(String[]::new))).out())
                    .path("events")
                    .forEach(found::add);
            events = found;
            if (events.size() >= atLeast) {
                return events;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + atLeast + " events for " + List.of(filters) + ", found " + events);
    }

    private static NotificationRecord awaitDelivered(long alarmId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            List<NotificationRecord> deliveries = mitigations().deliveries(alarmId);
            if (!deliveries.isEmpty()
                    && deliveries.get(0).status() == DeliveryStatus.DELIVERED
                    && mitigations().list(alarmId).get(0).status() == MitigationStatus.DONE) {
                return deliveries.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("alarm " + alarmId + "'s notification was never delivered: "
                + mitigations().deliveries(alarmId));
    }

    /** Hex HMAC-SHA256, written here from the JDK's Mac rather than with the code under test. */
    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mqtt5BlockingClient client(String thing, String localAddress) throws Exception {
        return builder(thing, localAddress).buildBlocking();
    }

    /** An MQTT 5 client with the thing's enrolled certificate, from {@code localAddress} if given. */
    private static com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder(String thing, String localAddress)
            throws Exception {
        return TestDevices.mqtt5(
                dir.resolve(thing),
                thing,
                harness.dataDir.resolve("pki/root.crt"),
                harness.node.mqttPort(),
                localAddress);
    }
}
