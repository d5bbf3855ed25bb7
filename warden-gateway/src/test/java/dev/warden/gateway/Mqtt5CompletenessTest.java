package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 5 features the gateway announces and honours, with the HiveMQ client (interoperability) and on the wire
 * (exact properties): Subscription Identifiers, the Session Expiry Interval of DISCONNECT, outbound topic aliases,
 * Server Keep Alive, and request/response between two clients of one certificate with No Local.
 */
class Mqtt5CompletenessTest {
    @TempDir
    static Path dir;

    static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new GatewayHarness(Files.createDirectories(dir.resolve("shared")));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void clearEvents() {
        harness.events.clear();
    }

    static Mqtt5BlockingClient client(GatewayHarness on, String thing, String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(on.port())
                .sslConfig()
                .keyManagerFactory(on.ca.device(thing).keyManagerFactory())
                .trustManagerFactory(on.ca.trustManagerFactory())
                .applySslConfig()
                .buildBlocking();
    }

    static Mqtt5BlockingClient client(String thing) {
        return client(harness, thing, thing);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static RawMqttClient rawConnected(GatewayHarness on, String thing, byte[] connect) {
        RawMqttClient raw = on.raw(thing);
        raw.send(connect);
        RawMqttClient.Packet connAck = raw.read();
        assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
        assertThat(connAck.body()[1]).as("CONNACK reason").isZero();
        return raw;
    }

    static void subscribe(RawMqttClient raw, int packetId, String filter, int subscriptionId) {
        raw.send(Mqtt5Wire.subscribe(packetId, filter, 1, subscriptionId));
        RawMqttClient.Packet subAck = raw.read();
        assertThat(subAck.type()).isEqualTo(RawMqttClient.SUBACK);
        assertThat(subAck.body()[subAck.body().length - 1]).as("granted QoS 1").isEqualTo((byte) 1);
    }

    /** The next PUBLISH, acknowledged when QoS 1. */
    static Mqtt5Wire.Publish nextPublish(RawMqttClient raw) {
        Mqtt5Wire.Publish p = Mqtt5Wire.publish(raw.readWithin(Duration.ofSeconds(5)));
        if (p.qos() == 1) {
            raw.send(RawMqttClient.pubAck(p.packetId()));
        }
        return p;
    }

    static void publish(String thing, String... topicsAndPayloads) {
        Mqtt5BlockingClient device = client(thing);
        device.connect();
        for (int i = 0; i < topicsAndPayloads.length; i += 2) {
            device.publishWith()
                    .topic(topicsAndPayloads[i])
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes(topicsAndPayloads[i + 1]))
                    .send();
        }
        device.disconnect();
    }

    // ---- Subscription Identifiers ----------------------------------------------------------------------------------

    @Test
    void connAckAnnouncesSubscriptionIdentifiers() {
        Mqtt5ConnAck connAck = client("dev-a").connect();
        assertThat(connAck.getRestrictions().areSubscriptionIdentifiersAvailable())
                .isTrue();
    }

    @Test
    void everyMatchingSubscriptionsIdentifierComesWithThePublish() {
        try (RawMqttClient reader =
                rawConnected(harness, "reader-si", Mqtt5Wire.connect("reader-si", true, 0, 0, 60, null, null))) {
            // GIVEN two overlapping subscriptions with identifiers 7 and 300000, and one without
            subscribe(reader, 1, "devices/dev-a/#", 7);
            subscribe(reader, 2, "devices/dev-a/+/temp", 300_000);
            subscribe(reader, 3, "devices/dev-a/plain", -1);
            // WHEN dev-a publishes on topics that match both, one, and only the one without an identifier
            publish(
                    "dev-a",
                    "devices/dev-a/kitchen/temp",
                    "both",
                    "devices/dev-a/state",
                    "one",
                    "devices/dev-a/plain",
                    "plain");
            // THEN each message comes once, naming every matching subscription that has an identifier
            Mqtt5Wire.Publish both = nextPublish(reader);
            assertThat(both.payload()).isEqualTo("both");
            assertThat(both.subscriptionIds()).containsExactlyInAnyOrder(7, 300_000);
            Mqtt5Wire.Publish one = nextPublish(reader);
            assertThat(one.payload()).isEqualTo("one");
            assertThat(one.subscriptionIds()).containsExactly(7);
            Mqtt5Wire.Publish plain = nextPublish(reader);
            assertThat(plain.payload()).isEqualTo("plain");
            assertThat(plain.subscriptionIds()).containsExactly(7);
        }
    }

    @Test
    void aSubscriptionIdentifierOfZeroIsAProtocolError() {
        try (RawMqttClient reader =
                rawConnected(harness, "reader-si0", Mqtt5Wire.connect("reader-si0", true, 0, 0, 60, null, null))) {
            reader.send(Mqtt5Wire.subscribe(1, "devices/dev-a/#", 1, 0));
            RawMqttClient.Packet disconnect = reader.readWithin(Duration.ofSeconds(5));
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0]).isEqualTo((byte) 0x82);
        }
    }

    @Test
    void hiveMqRoutesOverlappingSubscriptionsByTheirIdentifiers() throws Exception {
        // HiveMQ numbers its subscriptions itself when the broker offers identifiers, and hands each PUBLISH to the
        // callbacks of the subscriptions it names.
        Mqtt5Client reader = client(harness, "reader-hsi", "reader-hsi");
        reader.toBlocking().connect();
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        BlockingQueue<String> temps = new LinkedBlockingQueue<>();
        reader.toAsync()
                .subscribeWith()
                .topicFilter("devices/dev-a/#")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> all.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send()
                .get(5, TimeUnit.SECONDS);
        reader.toAsync()
                .subscribeWith()
                .topicFilter("devices/dev-a/+/temp")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> temps.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send()
                .get(5, TimeUnit.SECONDS);
        publish("dev-a", "devices/dev-a/hall/temp", "21", "devices/dev-a/door", "open");
        assertThat(List.of(all.poll(5, TimeUnit.SECONDS), all.poll(5, TimeUnit.SECONDS)))
                .containsExactly("21", "open");
        assertThat(temps.poll(5, TimeUnit.SECONDS)).isEqualTo("21");
        assertThat(temps.poll(300, TimeUnit.MILLISECONDS)).isNull();
        reader.toBlocking().disconnect();
    }

    @Test
    void subscriptionIdentifiersSurviveARestartWithTheSessionAndItsHeldMessages() throws Exception {
        MemorySessionStore store = new MemorySessionStore();
        GatewayHarness first = new GatewayHarness(Files.createDirectories(dir.resolve("restart-1")), store);
        try {
            try (RawMqttClient reader =
                    rawConnected(first, "reader-sr", Mqtt5Wire.connect("reader-sr", true, 300, 0, 60, null, null))) {
                subscribe(reader, 1, "devices/dev-a/#", 42);
                reader.send(Mqtt5Wire.disconnect(0, null));
            }
            first.events.await("disconnected reader-sr", Duration.ofSeconds(5));
            Mqtt5BlockingClient device = client(first, "dev-a", "dev-a");
            device.connect();
            device.publishWith()
                    .topic("devices/dev-a/held")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("held"))
                    .send();
            device.disconnect();
        } finally {
            first.close();
        }
        GatewayHarness second = new GatewayHarness(Files.createDirectories(dir.resolve("restart-2")), store);
        try (RawMqttClient reader = second.raw("reader-sr")) {
            reader.send(Mqtt5Wire.connect("reader-sr", false, 300, 0, 60, null, null));
            assertThat(reader.read().body()[0]).as("session present").isEqualTo((byte) 1);
            Mqtt5Wire.Publish held = nextPublish(reader);
            assertThat(held.payload()).isEqualTo("held");
            assertThat(held.subscriptionIds()).containsExactly(42);
            Mqtt5BlockingClient device = client(second, "dev-a", "dev-a");
            device.connect();
            device.publishWith()
                    .topic("devices/dev-a/new")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("new"))
                    .send();
            device.disconnect();
            Mqtt5Wire.Publish fresh = nextPublish(reader);
            assertThat(fresh.payload()).isEqualTo("new");
            assertThat(fresh.subscriptionIds()).containsExactly(42);
            reader.send(Mqtt5Wire.disconnect(0, 0L));
        } finally {
            second.close();
        }
    }

    // ---- DISCONNECT with a Session Expiry Interval -----------------------------------------------------------------

    @Test
    void disconnectWithSessionExpiryZeroEndsAPersistentSession() {
        Mqtt5BlockingClient reader = client("reader-de0");
        reader.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        reader.subscribeWith().topicFilter("devices/dev-a/#").send();
        reader.disconnectWith().sessionExpiryInterval(0).send();
        harness.events.await("disconnected reader-de0", Duration.ofSeconds(5));
        Mqtt5BlockingClient again = client("reader-de0");
        assertThat(again.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(300)
                        .send()
                        .isSessionPresent())
                .isFalse();
        again.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    void disconnectWithALongerSessionExpiryKeepsTheSessionLonger() throws Exception {
        Mqtt5BlockingClient reader = client("reader-de1");
        reader.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        reader.subscribeWith().topicFilter("devices/dev-a/#").send();
        reader.disconnectWith().sessionExpiryInterval(300).send();
        harness.events.await("disconnected reader-de1", Duration.ofSeconds(5));
        Thread.sleep(2_000);
        Mqtt5BlockingClient again = client("reader-de1");
        assertThat(again.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(300)
                        .send()
                        .isSessionPresent())
                .as("the session outlived the 1 s it was connected with")
                .isTrue();
        again.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    void disconnectSettingAnExpiryAfterAConnectWithNoneIsAProtocolErrorAndTheWillIsPublished() {
        try (RawMqttClient reader =
                rawConnected(harness, "reader-dpe", Mqtt5Wire.connect("reader-dpe", true, 0, 0, 60, null, null))) {
            subscribe(reader, 1, "devices/dev-b/gone", -1);
            try (RawMqttClient device = rawConnected(
                    harness, "dev-b", Mqtt5Wire.connect("dev-b", true, 0, 0, 60, "devices/dev-b/gone", "will"))) {
                device.send(Mqtt5Wire.disconnect(0, 60L));
                RawMqttClient.Packet answer = device.readWithin(Duration.ofSeconds(5));
                assertThat(answer.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(answer.body()[0]).as("protocol error").isEqualTo((byte) 0x82);
            }
            assertThat(nextPublish(reader).payload())
                    .as("not a valid DISCONNECT: the will is due")
                    .isEqualTo("will");
        }
    }

    // ---- outbound topic aliases ------------------------------------------------------------------------------------

    @Test
    void theGatewayAssignsTopicAliasesUpToTheClientsMaximum() {
        try (RawMqttClient reader =
                rawConnected(harness, "reader-ta", Mqtt5Wire.connect("reader-ta", true, 0, 1, 60, null, null))) {
            subscribe(reader, 1, "devices/dev-a/#", -1);
            publish(
                    "dev-a",
                    "devices/dev-a/t1",
                    "1",
                    "devices/dev-a/t1",
                    "2",
                    "devices/dev-a/t2",
                    "3",
                    "devices/dev-a/t1",
                    "4");
            // one alias: defined with t1, used, redefined for t2, redefined for t1 again
            assertThat(List.of(nextPublish(reader), nextPublish(reader), nextPublish(reader), nextPublish(reader)))
                    .extracting(p -> p.topic() + "|" + p.topicAlias() + "|" + p.payload())
                    .containsExactly("devices/dev-a/t1|1|1", "|1|2", "devices/dev-a/t2|1|3", "devices/dev-a/t1|1|4");
        }
        try (RawMqttClient reader =
                rawConnected(harness, "reader-ta0", Mqtt5Wire.connect("reader-ta0", true, 0, 0, 60, null, null))) {
            subscribe(reader, 1, "devices/dev-a/#", -1);
            publish("dev-a", "devices/dev-a/t1", "1", "devices/dev-a/t1", "2");
            // a client that announced no maximum gets none
            assertThat(List.of(nextPublish(reader), nextPublish(reader)))
                    .extracting(p -> p.topic() + "|" + p.topicAlias())
                    .containsExactly("devices/dev-a/t1|0", "devices/dev-a/t1|0");
        }
    }

    @Test
    void hiveMqReceivesAliasedPublishesWithTheirTopics() throws InterruptedException {
        Mqtt5BlockingClient reader = client("reader-hta");
        reader.connectWith()
                .restrictions()
                .topicAliasMaximum(2)
                .applyRestrictions()
                .send();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = reader.publishes(MqttGlobalPublishFilter.ALL)) {
            reader.subscribeWith()
                    .topicFilter("devices/dev-a/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                sent.add("devices/dev-a/t" + (i % 3));
                sent.add("m" + i);
            }
            publish("dev-a", sent.toArray(String[]::new));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Optional<Mqtt5Publish> p = publishes.receive(5, TimeUnit.SECONDS);
                assertThat(p).isPresent();
                received.add(
                        p.get().getTopic() + "=" + new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                expected.add("devices/dev-a/t" + (i % 3) + "=m" + i);
            }
            assertThat(received).containsExactlyElementsOf(expected);
        } finally {
            reader.disconnect();
        }
    }

    // ---- keep-alive ------------------------------------------------------------------------------------------------

    @Test
    void serverKeepAliveIsSentWheneverTheGatewayChangesTheRequest() {
        assertThat(keepAliveGranted(harness, "dev-a", 5)).hasValue(30);
        assertThat(keepAliveGranted(harness, "dev-a", 60)).isEmpty();
        assertThat(keepAliveGranted(harness, "dev-a", 0)).hasValue(1200);
        assertThat(keepAliveGranted(harness, "dev-a", 3600)).hasValue(1200);
    }

    @Test
    void keepAliveBoundsAreConfigurable() throws Exception {
        GatewayLimits limits = GatewayLimits.defaults().withKeepAlive(Duration.ofSeconds(2), Duration.ofSeconds(100));
        try (GatewayHarness custom = new GatewayHarness(Files.createDirectories(dir.resolve("keep-alive")), limits)) {
            assertThat(keepAliveGranted(custom, "dev-a", 1)).hasValue(2);
            assertThat(keepAliveGranted(custom, "dev-a", 5)).isEmpty();
            assertThat(keepAliveGranted(custom, "dev-a", 500)).hasValue(100);
        }
    }

    private static Optional<Integer> keepAliveGranted(GatewayHarness on, String thing, int requested) {
        Mqtt5BlockingClient c = client(on, thing, thing);
        Mqtt5ConnAck connAck = c.connectWith().keepAlive(requested).send();
        c.disconnect();
        return connAck.getServerKeepAlive().isPresent()
                ? Optional.of(connAck.getServerKeepAlive().getAsInt())
                : Optional.empty();
    }

    // ---- request/response between two clients of one certificate ---------------------------------------------------

    @Test
    void requesterAndResponderSharingACertificateGetEachOthersMessagesDespiteNoLocal() throws Exception {
        // GIVEN one certificate (thing rig-rr, allowed any client ID) used by a requester and a responder with
        // different client IDs, both subscribed to the thing's topics with No Local: No Local is per client ID, so
        // each still gets what the other publishes (with the client ID bound to the thing name, both had to use
        // "rig-rr": the second connection took the first one's session over, and No Local hid their own messages).
        Mqtt5BlockingClient requester = client(harness, "rig-rr", "rig-rr-requester");
        Mqtt5BlockingClient responder = client(harness, "rig-rr", "rig-rr-responder");
        requester.connect();
        responder.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes requests = responder.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5BlockingClient.Mqtt5Publishes responses = requester.publishes(MqttGlobalPublishFilter.ALL)) {
            responder
                    .subscribeWith()
                    .topicFilter("devices/rig-rr/#")
                    .noLocal(true)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            requester
                    .subscribeWith()
                    .topicFilter("devices/rig-rr/#")
                    .noLocal(true)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            // WHEN the requester asks
            requester
                    .publishWith()
                    .topic("devices/rig-rr/request")
                    .responseTopic("devices/rig-rr/response")
                    .correlationData(bytes("c-1"))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("ping"))
                    .send();
            // THEN the responder gets the request, and the requester not its own
            Mqtt5Publish request = requests.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(request.getResponseTopic())
                    .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("devices/rig-rr/response"));
            // WHEN the responder answers on the response topic
            responder
                    .publishWith()
                    .topic(request.getResponseTopic().get())
                    .correlationData(request.getCorrelationData().orElseThrow())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("pong"))
                    .send();
            // THEN the requester gets the response with its correlation data, and the responder not its own
            Mqtt5Publish response = responses.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(new String(response.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("pong");
            assertThat(response.getCorrelationData())
                    .hasValueSatisfying(
                            c -> assertThat(StandardCharsets.UTF_8.decode(c).toString())
                                    .isEqualTo("c-1"));
            assertThat(responses.receive(300, TimeUnit.MILLISECONDS))
                    .as("its own request")
                    .isEmpty();
            assertThat(requests.receive(300, TimeUnit.MILLISECONDS))
                    .as("its own response")
                    .isEmpty();
        } finally {
            requester.disconnect();
            responder.disconnect();
        }
    }
}
