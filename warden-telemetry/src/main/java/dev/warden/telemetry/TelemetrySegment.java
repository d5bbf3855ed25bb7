package dev.warden.telemetry;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored segment: messages of one thing received in [{@code firstAtMillis}, {@code lastAtMillis}], sealed together
 * under the thing's data key. Only the thing, the time span and the count are in the clear (to query and expire by
 * them); ids, topics and payloads are only in {@code ciphertext}, which is bound to every other field. Equal segments
 * have equal ciphertext bytes; {@link #toString()} gives only its length.
 */
public record TelemetrySegment(
        String id,
        String region,
        String thing,
        long firstAtMillis,
        long lastAtMillis,
        int messages,
        byte[] ciphertext) {

    /** The same clear fields with {@code ciphertext}. */
    TelemetrySegment withCiphertext(byte[] ciphertext) {
        return new TelemetrySegment(id, region, thing, firstAtMillis, lastAtMillis, messages, ciphertext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelemetrySegment s
                && id.equals(s.id)
                && region.equals(s.region)
                && thing.equals(s.thing)
                && firstAtMillis == s.firstAtMillis
                && lastAtMillis == s.lastAtMillis
                && messages == s.messages
                && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(id, region, thing, firstAtMillis, lastAtMillis, messages)
                + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "TelemetrySegment[id=" + id + ", region=" + region + ", thing=" + thing + ", firstAtMillis="
                + firstAtMillis + ", lastAtMillis=" + lastAtMillis + ", messages=" + messages + ", ciphertext="
                + (ciphertext == null ? "none" : ciphertext.length + " bytes") + "]";
    }
}
