package dev.warden.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's contract with the broker thread: never block, keep only device data, count every drop. */
class TelemetryRecorderTest {

    private static AcceptedPublish publish(String thing, String topic) {
        return new AcceptedPublish(new DeviceIdentity(thing, "01", "ab", Map.of()), thing, topic,
                "21.5".getBytes(StandardCharsets.UTF_8), 1, false, System.currentTimeMillis());
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
    void aBatchGathersLongerTheMoreThingsItsCommitTouched() {
        // A commit rewrites about one index page per thing: about 1 ms of gathering each, within bounds.
        assertThat(TelemetryRecorder.gatherMillis(0)).isEqualTo(TelemetryRecorder.MIN_GATHER_MILLIS);
        assertThat(TelemetryRecorder.gatherMillis(200)).isEqualTo(200);
        assertThat(TelemetryRecorder.gatherMillis(1_000)).isEqualTo(1_000);
        assertThat(TelemetryRecorder.gatherMillis(50_000)).isEqualTo(TelemetryRecorder.MAX_GATHER_MILLIS);
    }

    @Test
    void onlyADevicesOwnTopicsAreDeviceData() {
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1/telemetry"))).isTrue();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1/a/b"))).isTrue();
        // An application's command to a device, or a lookalike prefix, is routed but not stored as its data.
        assertThat(TelemetryRecorder.isDeviceData(publish("app-1", "devices/dev-1/commands"))).isFalse();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-10/telemetry"))).isFalse();
        assertThat(TelemetryRecorder.isDeviceData(publish("dev-1", "devices/dev-1"))).isFalse();
    }

    @Test
    void theToStringOfAMessageNeverShowsItsPayload() {
        assertThat(publish("dev-1", "devices/dev-1/telemetry").toString()).doesNotContain("21.5");
    }
}
