package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the broker hands a {@link SessionStore} reads back the same after a restart, or not at all. */
class SessionCodecTest {
    private static final long NOW_NANOS = 5_000_000_000L;
    private static final long NOW_MILLIS = 1_800_000_000_000L;

    @Test
    void aDeliveryWithItsMqtt5PropertiesAndExpiryRoundTrips() {
        MqttProperties incoming = new MqttProperties();
        incoming.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
        incoming.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "devices/app/replies"));
        incoming.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, new byte[] {1, 2, 3}));
        incoming.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1));
        incoming.add(new MqttProperties.UserProperties(
                List.of(new MqttProperties.StringPair("k", "v"), new MqttProperties.StringPair("k", "ü€"))));
        Message message = new Message(
                "devices/dev-a/t",
                "payload".getBytes(StandardCharsets.UTF_8),
                MqttQoS.EXACTLY_ONCE,
                true,
                Message.of("x", new byte[0], MqttQoS.AT_MOST_ONCE, false, incoming, "p")
                        .forwarded(),
                NOW_NANOS + 60_000_000_000L,
                "dev-a");

        // GIVEN a QoS 1 delivery of it with a minute to live, stored
        byte[] stored =
                SessionCodec.delivery(new Delivery(message, MqttQoS.AT_LEAST_ONCE, false), NOW_NANOS, NOW_MILLIS);
        // WHEN read back ten seconds later by a broker whose nanoTime has nothing to do with the first one's
        long laterNanos = 777L;
        Delivery back = SessionCodec.delivery(stored, laterNanos, NOW_MILLIS + 10_000);

        // THEN everything is there, and fifty seconds remain
        Message m = back.message();
        assertThat(back.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(back.retain()).isFalse();
        assertThat(m.topic()).isEqualTo("devices/dev-a/t");
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("payload");
        assertThat(m.qos()).isEqualTo(MqttQoS.EXACTLY_ONCE);
        assertThat(m.retain()).isTrue();
        assertThat(m.publisherId()).isEqualTo("dev-a");
        assertThat(m.expiresAtNanos() - laterNanos).isEqualTo(50_000_000_000L);
        assertThat(m.forwarded().getProperty(MqttProperties.CONTENT_TYPE).value())
                .isEqualTo("application/json");
        assertThat(m.forwarded().getProperty(MqttProperties.RESPONSE_TOPIC).value())
                .isEqualTo("devices/app/replies");
        assertThat((byte[]) m.forwarded()
                        .getProperty(MqttProperties.CORRELATION_DATA)
                        .value())
                .containsExactly(1, 2, 3);
        assertThat(m.forwarded()
                        .getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR)
                        .value())
                .isEqualTo(1);
        assertThat(m.forwarded().getProperty(MqttProperties.USER_PROPERTY).value())
                .isEqualTo(List.of(new MqttProperties.StringPair("k", "v"), new MqttProperties.StringPair("k", "ü€")));
    }

    @Test
    void aMessageWithoutExpiryStaysWithout() {
        Message message = Message.of("devices/dev-a/t", new byte[] {0}, MqttQoS.AT_LEAST_ONCE, false, null, "dev-a");
        byte[] stored =
                SessionCodec.delivery(new Delivery(message, MqttQoS.AT_LEAST_ONCE, false), NOW_NANOS, NOW_MILLIS);
        assertThat(SessionCodec.delivery(stored, 1, NOW_MILLIS + 1_000_000)
                        .message()
                        .expiresAtNanos())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMessageOnItsOwnRoundTripsWithItsExpiryAsWallClockTime() {
        MqttProperties incoming = new MqttProperties();
        incoming.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "text/plain"));
        incoming.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 60));
        Message message = Message.of(
                "devices/dev-a/status",
                "on".getBytes(StandardCharsets.UTF_8),
                MqttQoS.AT_LEAST_ONCE,
                true,
                incoming,
                "dev-a");
        long nowNanos = System.nanoTime();

        // GIVEN a retained message with a minute to live, stored; WHEN read back 61 s later, THEN it has expired
        byte[] stored = SessionCodec.message(message, nowNanos, NOW_MILLIS);
        Message late = SessionCodec.message(stored, 42L, NOW_MILLIS + 61_000);
        assertThat(late.expired(42L)).isTrue();

        // AND read back 10 s later it is whole, with about fifty seconds left
        Message back = SessionCodec.message(stored, 42L, NOW_MILLIS + 10_000);
        assertThat(back.topic()).isEqualTo("devices/dev-a/status");
        assertThat(new String(back.payload(), StandardCharsets.UTF_8)).isEqualTo("on");
        assertThat(back.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(back.retain()).isTrue();
        assertThat(back.publisherId()).isEqualTo("dev-a");
        assertThat(back.expired(42L)).isFalse();
        assertThat(back.expiresAtNanos() - 42L).isBetween(49_000_000_000L, 50_000_000_000L);
        assertThat(back.forwarded().getProperty(MqttProperties.CONTENT_TYPE).value())
                .isEqualTo("text/plain");
    }

    @Test
    void subscriptionsRoundTrip() {
        List<Subscription> subscriptions = List.of(
                new Subscription("devices/+/t", "devices/+/t", null, MqttQoS.EXACTLY_ONCE, true, true, 2),
                new Subscription("$share/g/devices/#", "devices/#", "g", MqttQoS.AT_LEAST_ONCE, false, false, 0));
        assertThat(SessionCodec.subscriptions(SessionCodec.subscriptions(subscriptions)))
                .isEqualTo(subscriptions);
    }

    @Test
    void subscriptionIdentifiersRoundTripWithSubscriptionsAndDeliveries() {
        List<Subscription> subscriptions = List.of(
                new Subscription("devices/#", "devices/#", null, MqttQoS.AT_LEAST_ONCE, false, false, 0, 7),
                new Subscription(
                        "devices/+/t",
                        "devices/+/t",
                        null,
                        MqttQoS.AT_LEAST_ONCE,
                        false,
                        false,
                        0,
                        Subscription.MAX_SUBSCRIPTION_ID),
                new Subscription("devices/x", "devices/x", null, MqttQoS.AT_MOST_ONCE, false, false, 0));
        assertThat(SessionCodec.subscriptions(SessionCodec.subscriptions(subscriptions)))
                .isEqualTo(subscriptions);
        Message message = Message.of("devices/a/t", new byte[] {1}, MqttQoS.AT_LEAST_ONCE, false, null, "a");
        byte[] stored = SessionCodec.delivery(
                new Delivery(message, MqttQoS.AT_LEAST_ONCE, false, List.of(7, 9)), NOW_NANOS, NOW_MILLIS);
        assertThat(SessionCodec.delivery(stored, NOW_NANOS, NOW_MILLIS).subscriptionIds())
                .containsExactly(7, 9);
    }

    @Test
    void whatAnEarlierBrokerStoredIsStillRead() {
        // Version 1 is version 2 without the identifiers: a subscription's trailing int, a delivery's trailing count.
        Subscription sub = new Subscription("devices/+/t", "devices/+/t", null, MqttQoS.EXACTLY_ONCE, true, true, 2);
        byte[] v2 = SessionCodec.subscriptions(List.of(sub));
        byte[] v1 = Arrays.copyOf(v2, v2.length - 4);
        v1[0] = 1;
        assertThat(SessionCodec.subscriptions(v1)).containsExactly(sub);

        Message message = Message.of("devices/a/t", new byte[] {1}, MqttQoS.AT_LEAST_ONCE, false, null, "a");
        byte[] delivery2 =
                SessionCodec.delivery(new Delivery(message, MqttQoS.AT_LEAST_ONCE, false), NOW_NANOS, NOW_MILLIS);
        byte[] delivery1 = Arrays.copyOf(delivery2, delivery2.length - 4);
        delivery1[0] = 1;
        Delivery back = SessionCodec.delivery(delivery1, NOW_NANOS, NOW_MILLIS);
        assertThat(back.message().topic()).isEqualTo("devices/a/t");
        assertThat(back.subscriptionIds()).isEmpty();
    }

    @Test
    void truncatedCorruptOrUnknownDataIsRefusedWithoutQuotingIt() {
        byte[] stored = SessionCodec.subscriptions(List.of(new Subscription(
                "devices/secret-filter", "devices/secret-filter", null, MqttQoS.AT_LEAST_ONCE, false, false, 0)));
        byte[] truncated = Arrays.copyOf(stored, stored.length - 3);
        byte[] hugeCount = stored.clone();
        hugeCount[1] = 0x7f;
        byte[] otherVersion = stored.clone();
        otherVersion[0] = 9;
        byte[] trailing = Arrays.copyOf(stored, stored.length + 1);
        for (byte[] bad : List.of(truncated, hugeCount, otherVersion, trailing)) {
            assertThatThrownBy(() -> SessionCodec.subscriptions(bad))
                    .isInstanceOf(SessionCodec.UnreadableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        }
    }
}
