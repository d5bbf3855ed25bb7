package dev.warden.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's contract with the broker thread: never block, keep only device data, count every drop. */
class TelemetryRecorderTest {

    private static AcceptedPublish publish(String thing, String topic) {
        return new AcceptedPublish(
                new DeviceIdentity(thing, "01", "ab", Map.of()),
                thing,
                topic,
                "21.5".getBytes(StandardCharsets.UTF_8),
                1,
                false,
                System.currentTimeMillis());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        // GIVEN a recorder whose writer never runs, so its queue of 2 fills up
        TelemetryRecorder recorder = new TelemetryRecorder(null, 2);
        // WHEN ten device messages arrive
        for (int i = 0; i < 10; i++) {
            recorder.onPublish(publish("dev-1", "devices/dev-1/telemetry"));
        }
        // THEN two wait for the writer and eight are counted as dropped, none lost silently
        assertThat(recorder.counters()).isEqualTo(new TelemetryCounters(10, 0, 8, 0, 0));
    }

    @Test
    void closingStoresEveryMessageStillWaiting(@TempDir Path dir) {
        // GIVEN a recorder on a real SQLite store and KMS
        try (Database database = Database.open(null, dir)) {
            TelemetryStore store = TestTelemetryStores.open(database, dir);
            TelemetryRecorder recorder = new TelemetryRecorder(store, 10_000).start();
            // WHEN 3,000 messages of ten things arrive and the recorder is closed at once, mid-gather
            for (int i = 0; i < 3_000; i++) {
                String thing = "dev-" + (i % 10);
                recorder.onPublish(new AcceptedPublish(
                        new DeviceIdentity(thing, "01", "ab", Map.of()),
                        thing,
                        "devices/" + thing + "/telemetry",
                        ("m" + i).getBytes(StandardCharsets.UTF_8),
                        0,
                        false,
                        System.currentTimeMillis()));
            }
            recorder.close();
            // THEN every one was stored before close returned, each once, under its own thing
            assertThat(recorder.counters()).isEqualTo(new TelemetryCounters(3_000, 3_000, 0, 0, 0));
            Set<String> payloads = new HashSet<>();
            for (int t = 0; t < 10; t++) {
                for (TelemetryMessage m :
                        store.query("dev-" + t, Instant.EPOCH, Instant.now().plusSeconds(1), 1_000)) {
                    assertThat(m.thing()).isEqualTo("dev-" + t);
                    payloads.add(new String(m.payload(), StandardCharsets.UTF_8));
                }
            }
            assertThat(payloads).hasSize(3_000).contains("m0", "m2999");
        }
    }

    @Test
    void aBatchGathersLongerTheMoreThingsItsCommitTouched() {
        // A commit rewrites about one index page per thing: about 1 ms of gathering each, within bounds.
        assertThat(TelemetryRecorder.gatherMillis(0)).isEqualTo(TelemetryRecorder.MIN_GATHER_MILLIS);
        assertThat(TelemetryRecorder.gatherMillis(200)).isEqualTo(200);
        assertThat(TelemetryRecorder.gatherMillis(1_000)).isEqualTo(1_000);
        assertThat(TelemetryRecorder.gatherMillis(50_000)).isEqualTo(TelemetryRecorder.MAX_GATHER_MILLIS);
    }

    @Test
    void onlyADevicesOwnTopicsAreDeviceData() {
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1/telemetry")))
                .isTrue();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1/a/b")))
                .isTrue();
        // An application's command to a device, or a lookalike prefix, is routed but not stored as its data.
        assertThat(TelemetryRecorder.isDeviceData(publish("app-1", "devices/dev-1/commands")))
                .isFalse();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-10/telemetry")))
                .isFalse();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1")))
                .isFalse();
    }

    @Test
    void theToStringOfAMessageNeverShowsItsPayload() {
        assertThat(publish("dev-1", "devices/dev-1/telemetry").toString()).doesNotContain("21.5");
    }
}
