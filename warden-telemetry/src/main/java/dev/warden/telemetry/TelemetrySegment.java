package dev.warden.telemetry;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored segment: messages of one thing received in [{@code firstAtMillis}, {@code lastAtMillis}], sealed together
 * under the thing's data key. Only the thing, the time span and the count are in the clear (to query and expire by
 * them); ids, topics and payloads are only in {@code ciphertext}, which is bound to every other field. Equal segments
 * have equal ciphertext bytes; {@link #toString()} gives only its length.
 *
 * <p>{@code sealedEntries} says, per message in order, whether its payload is end to end encrypted ({@code '1'}: a
 * sealed envelope only the application can open; {@code '0'}: not); null for segments written before it was kept.
 */
public record TelemetrySegment(
        String id,
        String region,
        String thing,
        long firstAtMillis,
        long lastAtMillis,
        int messages,
        byte[] ciphertext,
        String sealedEntries) {

    public TelemetrySegment {
        if (sealedEntries != null && (sealedEntries.length() != messages || !sealedEntries.matches("[01]*"))) {
            throw new IllegalArgumentException("sealedEntries must hold one 0 or 1 per message");
        }
    }

    /** A segment written before {@code sealedEntries} was kept. */
    public TelemetrySegment(
            String id,
            String region,
            String thing,
            long firstAtMillis,
            long lastAtMillis,
            int messages,
            byte[] ciphertext) {
        this(id, region, thing, firstAtMillis, lastAtMillis, messages, ciphertext, null);
    }

    /** The same clear fields with {@code ciphertext}. */
    TelemetrySegment withCiphertext(byte[] ciphertext) {
        return new TelemetrySegment(
                id, region, thing, firstAtMillis, lastAtMillis, messages, ciphertext, sealedEntries);
    }

    /** The same segment without {@code sealedEntries}, as one written before it was kept. */
    TelemetrySegment withoutSealedEntries() {
        return new TelemetrySegment(id, region, thing, firstAtMillis, lastAtMillis, messages, ciphertext, null);
    }

    /** Whether message {@code index} was recorded as end to end encrypted; null when the segment does not say. */
    public Boolean sealed(int index) {
        return sealedEntries == null ? null : sealedEntries.charAt(index) == '1';
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
                && Objects.equals(sealedEntries, s.sealedEntries)
                && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(id, region, thing, firstAtMillis, lastAtMillis, messages, sealedEntries)
                + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "TelemetrySegment[id=" + id + ", region=" + region + ", thing=" + thing + ", firstAtMillis="
                + firstAtMillis + ", lastAtMillis=" + lastAtMillis + ", messages=" + messages + ", ciphertext="
                + (ciphertext == null ? "none" : ciphertext.length + " bytes") + ", sealedEntries=" + sealedEntries
                + "]";
    }
}
