package dev.warden.telemetry;

import java.util.UUID;

/**
 * One message inside a {@link TelemetrySegment}'s plaintext. {@code seq} orders messages received in the same
 * millisecond.
 */
record TelemetryEntry(UUID id, long receivedAtMillis, long seq, String topic, byte[] payload) {

    @Override
    public String toString() {
        // Never the payload: device data may be personal data.
        return "TelemetryEntry[id=" + id + ", topic=" + topic + ", receivedAt=" + receivedAtMillis + "]";
    }
}
