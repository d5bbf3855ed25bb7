package dev.warden.telemetry;

import java.time.Instant;

/** A decrypted telemetry message, as queries return it. The payload array is a copy the caller owns. */
public record TelemetryMessage(
        String id, String thing, String region, Instant receivedAt, String topic, byte[] payload) {

    @Override
    public String toString() {
        // Never the payload: device data may be personal data.
        return "TelemetryMessage[thing=" + thing + ", topic=" + topic + ", receivedAt=" + receivedAt + "]";
    }
}
