package dev.warden.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments on a real SQLite database and KMS: grouping, bounds, queries across segments, legacy rows, expiry. */
class TelemetryStoreTest {
    private static final long T0 = 1_796_000_000_000L;
    private static final Instant FOREVER = Instant.ofEpochMilli(Long.MAX_VALUE);

    @TempDir
    Path dir;

    private Database database;
    private TelemetryStore store;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        store = TestTelemetryStores.open(database, dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static AcceptedPublish publish(String thing, long at, String payload) {
        return new AcceptedPublish(
                new DeviceIdentity(thing, "01", "ab", Map.of()),
                thing,
                "devices/" + thing + "/t",
                payload.getBytes(StandardCharsets.UTF_8),
                1,
                false,
                at);
    }

    private List<String> payloads(String thing, long from, long to, int limit) {
        return store.query(thing, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), limit).stream()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aThingsMessagesInOneBatchShareOneSegment() {
        // GIVEN interleaved messages of three things in one writer batch
        List<AcceptedPublish> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String thing = "sensor-" + (i % 3);
            batch.add(publish(thing, T0 + i, thing + "#" + i));
        }
        // WHEN stored
        assertThat(store.append(batch)).isEqualTo(new TelemetryStore.Appended(30, 0, 3));
        // THEN each thing has one segment of its ten, with only thing, span and count in the clear
        List<TelemetrySegment> segments = store.storedSegments("sensor-1", Instant.EPOCH, FOREVER, 10);
        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.messages()).isEqualTo(10);
            assertThat(s.firstAtMillis()).isEqualTo(T0 + 1);
            assertThat(s.lastAtMillis()).isEqualTo(T0 + 28);
            assertThat(new String(s.ciphertext(), StandardCharsets.ISO_8859_1))
                    .doesNotContain("sensor-1#")
                    .doesNotContain("devices/");
        });
        // AND queries return each thing's own messages, in order, windowed and limited
        assertThat(payloads("sensor-1", 0, Long.MAX_VALUE, 100))
                .containsExactly(
                        "sensor-1#1",
                        "sensor-1#4",
                        "sensor-1#7",
                        "sensor-1#10",
                        "sensor-1#13",
                        "sensor-1#16",
                        "sensor-1#19",
                        "sensor-1#22",
                        "sensor-1#25",
                        "sensor-1#28");
        assertThat(payloads("sensor-1", T0 + 4, T0 + 13, 100))
                .containsExactly("sensor-1#4", "sensor-1#7", "sensor-1#10");
        assertThat(payloads("sensor-1", T0 + 4, T0 + 30, 2)).containsExactly("sensor-1#4", "sensor-1#7");
        assertThat(store.query("sensor-1", Instant.EPOCH, FOREVER, 1).get(0).topic())
                .isEqualTo("devices/sensor-1/t");
    }

    @Test
    void segmentsAreBoundedByCountAndSpanAndQueriesReachAcrossThem() {
        // GIVEN 2,500 messages of one thing in one batch, then four spread over two minutes
        List<AcceptedPublish> many = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            many.add(publish("busy", T0 + i, "m" + i));
        }
        store.append(many);
        long t1 = T0 + 1_000_000;
        store.append(List.of(
                publish("busy", t1, "s0"),
                publish("busy", t1 + 30_000, "s30"),
                publish("busy", t1 + 59_000, "s59"),
                publish("busy", t1 + 120_000, "s120")));

        // THEN no segment holds more than 1,000 messages or spans more than 60 s
        List<TelemetrySegment> segments = store.storedSegments("busy", Instant.EPOCH, FOREVER, 100);
        assertThat(segments).extracting(TelemetrySegment::messages).containsExactly(1_000, 1_000, 500, 3, 1);
        assertThat(segments)
                .allSatisfy(s -> assertThat(s.lastAtMillis() - s.firstAtMillis())
                        .isLessThanOrEqualTo(SegmentPlan.MAX_SPAN_MILLIS));
        // AND a query's limit and window cut across segments exactly
        List<String> first1200 = payloads("busy", 0, Long.MAX_VALUE, 1_200);
        assertThat(first1200).hasSize(1_200).startsWith("m0", "m1").endsWith("m1198", "m1199");
        assertThat(payloads("busy", T0 + 999, T0 + 1_002, 100)).containsExactly("m999", "m1000", "m1001");
        // AND a window that starts inside a segment begun before it still finds that segment's later messages
        assertThat(payloads("busy", t1 + 40_000, Long.MAX_VALUE, 100)).containsExactly("s59", "s120");
        assertThat(payloads("busy", t1 + 60_000, t1 + 120_000, 100)).isEmpty();
    }

    @Test
    void anAlteredSegmentFailsToDecrypt() {
        store.append(List.of(publish("a", T0, "one"), publish("a", T0 + 1, "two")));
        store.append(List.of(publish("a", T0 + 5, "three")));
        List<TelemetrySegment> segments = store.storedSegments("a", Instant.EPOCH, FOREVER, 10);
        TelemetrySegment s = segments.get(0);
        assertThat(store.open(s)).extracting(TelemetryMessage::topic).containsExactly("devices/a/t", "devices/a/t");
        for (TelemetrySegment altered : List.of(
                new TelemetrySegment(
                        s.id(), s.region(), s.thing(), s.firstAtMillis(), s.lastAtMillis(), 1, s.ciphertext()),
                new TelemetrySegment(
                        s.id(), s.region(), s.thing(), s.firstAtMillis(), s.lastAtMillis() + 1, 2, s.ciphertext()),
                new TelemetrySegment(
                        segments.get(1).id(),
                        s.region(),
                        s.thing(),
                        s.firstAtMillis(),
                        s.lastAtMillis(),
                        2,
                        s.ciphertext()))) {
            assertThatThrownBy(() -> store.open(altered))
                    .isInstanceOfSatisfying(
                            KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.DECRYPTION_FAILED));
        }
        TelemetrySegment otherRegion = new TelemetrySegment(
                s.id(), "us-east-1", s.thing(), s.firstAtMillis(), s.lastAtMillis(), 2, s.ciphertext());
        assertThatThrownBy(() -> store.open(otherRegion))
                .isInstanceOfSatisfying(
                        KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.WRONG_REGION));
    }

    @Test
    void whetherAPayloadIsSealedEndToEndIsRecordedPerMessageAndBound() {
        // GIVEN a plaintext, a sealed envelope and another plaintext of one thing, stored in one segment
        byte[] envelope = dev.warden.e2e.PayloadSealer.of(
                        dev.warden.e2e.RecipientKeys.generate().publicJson())
                .seal("devices/e/t", "e-1", "secret".getBytes(StandardCharsets.UTF_8));
        AcceptedPublish sealed = new AcceptedPublish(
                new DeviceIdentity("e", "01", "ab", Map.of()), "e", "devices/e/t", envelope, 1, false, T0 + 1);
        store.append(List.of(publish("e", T0, "plain"), sealed, publish("e", T0 + 2, "plain too")));
        // THEN the segment records it, in the clear beside the ciphertext, and queries report it from there
        TelemetrySegment s =
                store.storedSegments("e", Instant.EPOCH, FOREVER, 10).get(0);
        assertThat(s.sealedEntries()).isEqualTo("010");
        assertThat(store.query("e", Instant.EPOCH, FOREVER, 10))
                .extracting(TelemetryMessage::endToEndEncrypted)
                .containsExactly(false, true, false);
        // AND a changed record fails authentication: it is bound to the ciphertext
        TelemetrySegment flipped = new TelemetrySegment(
                s.id(), s.region(), s.thing(), s.firstAtMillis(), s.lastAtMillis(), 3, s.ciphertext(), "000");
        assertThatThrownBy(() -> store.open(flipped))
                .isInstanceOfSatisfying(
                        KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.DECRYPTION_FAILED));
    }

    @Test
    void rowsFromBeforeSegmentsAreReadExpiredAndErasedWithThem() throws Exception {
        // GIVEN a row stored one message per row, as before V14, between two segments of the same thing
        store.append(List.of(publish("old", T0, "segment-1")));
        Aead aead = store.dataKeys().forWriting("old");
        LegacyTelemetryRow clear = new LegacyTelemetryRow(
                "0190a1b2-0000-7000-8000-000000000001", "eu-west-1", "old", T0 + 10, 1, "devices/old/legacy", null);
        String ciphertext = Base64.getEncoder()
                .encodeToString(aead.encrypt(
                        "legacy".getBytes(StandardCharsets.UTF_8), SegmentCipher.legacyAssociatedData(clear)));
        database.useTransaction(
                h -> h.createUpdate("INSERT INTO telemetry (id, region, thing, received_at, seq, topic, "
                                + "ciphertext) VALUES (:id, :region, :thing, :at, :seq, :topic, :c)")
                        .bind("id", clear.id())
                        .bind("region", clear.region())
                        .bind("thing", clear.thing())
                        .bind("at", clear.receivedAtMillis())
                        .bind("seq", clear.seq())
                        .bind("topic", clear.topic())
                        .bind("c", ciphertext)
                        .execute());
        store.append(List.of(publish("old", T0 + 20, "segment-2")));

        // THEN queries merge both in time order
        assertThat(payloads("old", 0, Long.MAX_VALUE, 10)).containsExactly("segment-1", "legacy", "segment-2");
        assertThat(payloads("old", T0 + 5, Long.MAX_VALUE, 10)).containsExactly("legacy", "segment-2");
        // AND retention removes both kinds by age, counting messages
        assertThat(store.deleteReceivedBefore(Instant.ofEpochMilli(T0 + 15))).isEqualTo(2);
        assertThat(payloads("old", 0, Long.MAX_VALUE, 10)).containsExactly("segment-2");
    }

    @Test
    void erasureDeletesEveryMessageAndRefusesNewOnes() {
        store.append(List.of(publish("gone", T0, "1"), publish("gone", T0 + 1, "2"), publish("kept", T0, "k")));
        store.append(List.of(publish("gone", T0 + 2, "3")));

        assertThat(store.erase("gone").messagesDeleted()).isEqualTo(3);
        assertThat(store.storedSegments("gone", Instant.EPOCH, FOREVER, 10)).isEmpty();
        assertThat(store.append(List.of(publish("gone", T0 + 3, "4"), publish("kept", T0 + 3, "k2"))))
                .isEqualTo(new TelemetryStore.Appended(1, 1, 1));
        assertThat(payloads("kept", 0, Long.MAX_VALUE, 10)).containsExactly("k", "k2");
        assertThat(payloads("gone", 0, Long.MAX_VALUE, 10)).isEmpty();
    }
}
