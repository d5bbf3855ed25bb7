package dev.warden.telemetry;

import com.google.crypto.tink.Aead;
import dev.warden.e2e.PayloadEnvelope;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals one thing's entries into a {@link TelemetrySegment} under its data key and opens segments again, binding each
 * ciphertext to the segment's clear fields and to this region, so a segment altered or moved fails to open.
 */
final class SegmentCipher {
    private final String region;

    SegmentCipher(String region) {
        this.region = region;
    }

    /** {@code entries} of {@code thing} encrypted with {@code aead} into a segment. */
    TelemetrySegment seal(String thing, List<TelemetryEntry> entries, Aead aead) {
        TelemetrySegment clear = describe(thing, entries);
        byte[] ciphertext;
        try {
            ciphertext = aead.encrypt(SegmentCodec.encode(entries), associatedData(clear));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "telemetry encryption failed (" + e.getClass().getSimpleName() + ")");
        }
        return clear.withCiphertext(ciphertext);
    }

    /**
     * The segment's clear fields for {@code entries}, without a ciphertext yet; its id is the time-ordered id of its
     * first message.
     */
    TelemetrySegment describe(String thing, List<TelemetryEntry> entries) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        StringBuilder sealed = new StringBuilder(entries.size());
        for (TelemetryEntry e : entries) {
            first = Math.min(first, e.receivedAtMillis());
            last = Math.max(last, e.receivedAtMillis());
            sealed.append(PayloadEnvelope.isSealed(e.payload()) ? '1' : '0');
        }
        return new TelemetrySegment(
                entries.get(0).id().toString(), region, thing, first, last, entries.size(), null, sealed.toString());
    }

    /**
     * The entries of {@code segment}, decrypted with {@code aead}.
     *
     * @throws KmsException {@link KmsReason#WRONG_REGION} for another region's segment,
     *                      {@link KmsReason#DECRYPTION_FAILED} if the segment was altered or moved
     */
    List<TelemetryEntry> open(TelemetrySegment segment, Aead aead) {
        checkRegion(segment.region());
        List<TelemetryEntry> entries;
        try {
            entries = SegmentCodec.decode(aead.decrypt(segment.ciphertext(), associatedData(segment)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsException(
                    KmsReason.DECRYPTION_FAILED,
                    "telemetry segment '" + segment.id() + "' of thing '" + segment.thing()
                            + "' failed authentication");
        }
        // Bound by the associated data already; a mismatch here would be a defect of the writer, not an attack.
        TelemetrySegment expected = describe(segment.thing(), entries).withCiphertext(segment.ciphertext());
        if (!(segment.sealedEntries() == null ? expected.withoutSealedEntries() : expected).equals(segment)) {
            throw new KmsException(
                    KmsReason.DECRYPTION_FAILED,
                    "telemetry segment '" + segment.id() + "' does not match its contents");
        }
        return entries;
    }

    void checkRegion(String rowRegion) {
        if (!region.equals(rowRegion)) {
            throw new KmsException(KmsReason.WRONG_REGION, "telemetry of region '" + rowRegion + "'");
        }
    }

    /** The opened {@code entries} of {@code segment} as messages. */
    static List<TelemetryMessage> messages(TelemetrySegment segment, List<TelemetryEntry> entries) {
        List<TelemetryMessage> messages = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            messages.add(message(segment, i, entries.get(i)));
        }
        return messages;
    }

    /**
     * Message {@code index} of {@code segment}; end to end encrypted as the segment recorded it, or, for a segment
     * written before that was recorded, as the envelope's header says.
     */
    static TelemetryMessage message(TelemetrySegment segment, int index, TelemetryEntry e) {
        Boolean recorded = segment.sealed(index);
        return new TelemetryMessage(
                e.id().toString(),
                segment.thing(),
                segment.region(),
                Instant.ofEpochMilli(e.receivedAtMillis()),
                e.topic(),
                e.payload(),
                recorded != null ? recorded : PayloadEnvelope.isSealed(e.payload()));
    }

    /**
     * Binds a segment's ciphertext to its row: moved to another id, thing, region, span or count, or with its
     * end-to-end flags changed, it fails. Segments from before the flags were kept are bound as they were.
     */
    private static byte[] associatedData(TelemetrySegment s) {
        return String.join(
                        "\u0000",
                        "warden-telemetry-segment-v1",
                        s.region(),
                        s.thing(),
                        s.id(),
                        Long.toString(s.firstAtMillis()),
                        Long.toString(s.lastAtMillis()),
                        Integer.toString(s.messages()))
                .concat(s.sealedEntries() == null ? "" : "\u0000sealed=" + s.sealedEntries())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The associated data of rows written before segments (V6). */
    static byte[] legacyAssociatedData(LegacyTelemetryRow r) {
        return String.join(
                        "\u0000",
                        "warden-telemetry-v1",
                        r.region(),
                        r.thing(),
                        r.id(),
                        Long.toString(r.receivedAtMillis()),
                        Long.toString(r.seq()),
                        r.topic())
                .getBytes(StandardCharsets.UTF_8);
    }
}
