package dev.warden.telemetry;

import java.time.Instant;

/**
 * A decrypted telemetry message, as queries return it. The payload array is a copy the caller owns.
 * {@code endToEndEncrypted}: the payload is a sealed envelope only its application can open, as the store recorded
 * when the message arrived.
 */
public record TelemetryMessage(
        String id,
        String thing,
        String region,
        Instant receivedAt,
        String topic,
        byte[] payload,
        boolean endToEndEncrypted) {

    /** A message not end to end encrypted (rows from before end-to-end payloads, or one about to be stored). */
    public TelemetryMessage(String id, String thing, String region, Instant receivedAt, String topic, byte[] payload) {
        this(id, thing, region, receivedAt, topic, payload, false);
    }

    @Override
    public String toString() {
        // Never the payload: device data may be personal data.
        return "TelemetryMessage[thing=" + thing + ", topic=" + topic + ", receivedAt=" + receivedAt + "]";
    }
}
