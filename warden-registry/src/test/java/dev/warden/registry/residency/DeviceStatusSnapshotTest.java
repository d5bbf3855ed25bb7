package dev.warden.registry.residency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica's version: the same for the same content in any order, another for any change a standby must see. */
class DeviceStatusSnapshotTest {
    private static final ReplicatedDevice A = new ReplicatedDevice(
            "1a", "aa", "sensor-a", "ACTIVE", Map.of("site", "lyon", "floor", "2"), List.of("p1", "p2"));
    private static final ReplicatedDevice B =
            new ReplicatedDevice("2b", "bb", "sensor-b", "ACTIVE", Map.of(), List.of("p1"));
    private static final Map<String, String> POLICIES = Map.of("p1", "{\"v\":1}", "p2", "{\"v\":2}");

    @Test
    void theVersionDoesNotDependOnOrder() {
        ReplicatedDevice reordered = new ReplicatedDevice(
                "1a", "aa", "sensor-a", "ACTIVE", Map.of("floor", "2", "site", "lyon"), List.of("p2", "p1"));
        assertThat(new DeviceStatusSnapshot(List.of(A, B), POLICIES).version())
                .isEqualTo(new DeviceStatusSnapshot(List.of(B, reordered), POLICIES).version());
    }

    @Test
    void aRevocationAnAttachmentOrAPolicyEditChangesIt() {
        String version = new DeviceStatusSnapshot(List.of(A, B), POLICIES).version();
        ReplicatedDevice revoked = new ReplicatedDevice("2b", "bb", "sensor-b", "REVOKED", Map.of(), List.of("p1"));
        ReplicatedDevice attached =
                new ReplicatedDevice("2b", "bb", "sensor-b", "ACTIVE", Map.of(), List.of("p1", "p2"));
        assertThat(new DeviceStatusSnapshot(List.of(A, revoked), POLICIES).version())
                .isNotEqualTo(version);
        assertThat(new DeviceStatusSnapshot(List.of(A, attached), POLICIES).version())
                .isNotEqualTo(version);
        assertThat(new DeviceStatusSnapshot(List.of(A, B), Map.of("p1", "{\"v\":1}", "p2", "{\"v\":3}")).version())
                .isNotEqualTo(version);
    }

    @Test
    void shiftingABoundaryBetweenFieldsChangesIt() {
        ReplicatedDevice one = new ReplicatedDevice("1", "ab", "c", "ACTIVE", Map.of(), List.of());
        ReplicatedDevice two = new ReplicatedDevice("1", "a", "bc", "ACTIVE", Map.of(), List.of());
        assertThat(new DeviceStatusSnapshot(List.of(one), Map.of()).version())
                .isNotEqualTo(new DeviceStatusSnapshot(List.of(two), Map.of()).version());
    }
}
