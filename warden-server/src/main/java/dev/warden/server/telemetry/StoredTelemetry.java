package dev.warden.server.telemetry;

/**
 * One telemetry row as stored: everything but the payload is in the clear (to query by thing and time); the payload
 * is only in {@code ciphertextBase64}, encrypted under the thing's data key and bound to every other field.
 */
public record StoredTelemetry(String id, String region, String thing, long receivedAtMillis, long seq, String topic,
        String ciphertextBase64) {
}
