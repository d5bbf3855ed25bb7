package dev.warden.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The segment plaintext: what goes in comes out, and anything that is not a whole segment is refused. */
class SegmentCodecTest {

    private static final List<TelemetryEntry> ENTRIES = List.of(
            new TelemetryEntry(UUID.randomUUID(), 1_796_000_000_000L, 7, "devices/a/telemetry", bytes("21.5")),
            new TelemetryEntry(UUID.randomUUID(), 1_796_000_000_001L, 8, "devices/a/ünïcode", new byte[0]),
            new TelemetryEntry(UUID.randomUUID(), 1_796_000_000_001L, 9, "devices/a/bin", new byte[] {0, -1, 127}));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entriesRoundTripInOrder() {
        List<TelemetryEntry> decoded = SegmentCodec.decode(SegmentCodec.encode(ENTRIES));
        assertThat(decoded).hasSize(3);
        for (int i = 0; i < ENTRIES.size(); i++) {
            TelemetryEntry in = ENTRIES.get(i);
            TelemetryEntry out = decoded.get(i);
            assertThat(out.id()).isEqualTo(in.id());
            assertThat(out.receivedAtMillis()).isEqualTo(in.receivedAtMillis());
            assertThat(out.seq()).isEqualTo(in.seq());
            assertThat(out.topic()).isEqualTo(in.topic());
            assertThat(out.payload()).isEqualTo(in.payload());
        }
    }

    @Test
    void truncatedExtendedOrRelabelledSegmentsAreRefused() {
        byte[] whole = SegmentCodec.encode(ENTRIES);
        assertThatThrownBy(() -> SegmentCodec.decode(Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> SegmentCodec.decode(Arrays.copyOf(whole, whole.length + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
        byte[] otherVersion = whole.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> SegmentCodec.decode(otherVersion)).hasMessageContaining("version");
        byte[] hugeCount = whole.clone();
        ByteBuffer.wrap(hugeCount).putInt(1, Integer.MAX_VALUE);
        assertThatThrownBy(() -> SegmentCodec.decode(hugeCount)).hasMessageContaining("count");
        assertThatThrownBy(() -> SegmentCodec.decode(new byte[0])).hasMessageContaining("truncated");
    }

    /** Decoding any mutation of a valid segment either yields entries or throws IllegalArgumentException, nothing else. */
    @Property(tries = 2_000)
    void mutatedSegmentsNeverEscapeAsAnotherError(@ForAll("mutations") byte[] mutated) {
        try {
            assertThat(SegmentCodec.decode(mutated)).isNotEmpty();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        byte[] whole = SegmentCodec.encode(ENTRIES);
        return Arbitraries.integers()
                .between(0, whole.length - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes()
                        .list()
                        .ofSize(positions.size())
                        .map(values -> {
                            byte[] copy = whole.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i)] = values.get(i);
                            }
                            return copy;
                        }));
    }
}
