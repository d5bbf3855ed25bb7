package dev.warden.server.telemetry;

/**
 * One stored segment: messages of one thing received in [{@code firstAtMillis}, {@code lastAtMillis}], sealed together
 * under the thing's data key. Only the thing, the time span and the count are in the clear (to query and expire by
 * them); ids, topics and payloads are only in {@code ciphertextBase64}, which is bound to every other field.
 */
public record TelemetrySegment(String id, String region, String thing, long firstAtMillis, long lastAtMillis,
        int messages, String ciphertextBase64) {

    /** The same clear fields with {@code ciphertext}. */
    TelemetrySegment withCiphertext(String ciphertext) {
        return new TelemetrySegment(id, region, thing, firstAtMillis, lastAtMillis, messages, ciphertext);
    }
}
