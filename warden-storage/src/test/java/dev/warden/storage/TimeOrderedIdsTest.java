package dev.warden.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_000_000_123L;
        UUID id = UUID.fromString(TimeOrderedIds.next(millis));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_796_000_000_000L; millis < 1_796_000_000_000L + 2_000; millis += 7) {
            ids.add(TimeOrderedIds.next(millis));
        }
        assertThat(ids).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondAreUnique() {
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(TimeOrderedIds.next(1_796_000_000_000L));
        }
        assertThat(seen).hasSize(100_000);
    }
}
