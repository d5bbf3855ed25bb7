package dev.warden.region.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.ReplicatedDevice;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standby's record of a failed region's device revoked while its home is down: the replica says REVOKED at once
 * (so the gateway refuses it), the first revocation is the one kept for home, and home takes a handover whole or not
 * at all.
 */
class GuestRevocationsTest {
    private static final String HOME = "eu-west-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database database;
    private FailoverStore store;

    @BeforeEach
    void open() {
        database = Database.open("", dir);
        store = new FailoverStore(database);
        DeviceStatusSnapshot replica = new DeviceStatusSnapshot(
                List.of(new ReplicatedDevice("a1", "ff", "sensor-a", "ACTIVE", Map.of(), List.of())), Map.of());
        store.replaceReplica(HOME, replica, replica.version(), Instant.now());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aRevocationMarksTheReplicaAndKeepsTheFirstReasonForHome() {
        Instant first = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(store.revokeGuest(HOME, new FailoverStore.GuestRevocation("a1", "keyCompromise", first, "user:ops")))
                .contains("sensor-a");
        assertThat(store.revokeGuest(
                        HOME, new FailoverStore.GuestRevocation("a1", "superseded", first.plusSeconds(5), "user:b")))
                .contains("sensor-a");
        assertThat(store.revokeGuest(HOME, new FailoverStore.GuestRevocation("b2", "keyCompromise", first, "user:ops")))
                .isEmpty();

        assertThat(store.replica(HOME).devices())
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("REVOKED"));
        assertThat(store.guestRevocations(HOME))
                .containsExactly(new FailoverStore.GuestRevocation("a1", "keyCompromise", first, "user:ops"));
        assertThat(store.guestRevocations("us-east-1")).isEmpty();

        store.handedOver(HOME, List.of("a1"));
        assertThat(store.guestRevocations(HOME)).isEmpty();
    }

    @Test
    void homeTakesAHandoverWholeOrNotAtAll() throws Exception {
        List<String> revoked = new ArrayList<>();
        RevocationSink sink = (serial, reason) -> {
            revoked.add(serial + "/" + reason);
            return RevocationSink.Outcome.REVOKED;
        };
        var body = JSON.readTree("{\"revocations\":["
                + "{\"serial\":\"00A1\",\"reason\":\"keyCompromise\",\"revokedAt\":\"2026-12-07T10:00:00Z\","
                + "\"revokedBy\":\"user:ops\"},"
                + "{\"serial\":\"zz\",\"reason\":\"keyCompromise\",\"revokedAt\":\"2026-12-07T10:00:00Z\"}]}");

        assertThatThrownBy(() -> GuestRevocations.receive("eu-central-1", body, sink, null))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.INVALID_REQUEST));
        assertThat(revoked).isEmpty();
        assertThatThrownBy(() ->
                        GuestRevocations.receive("eu-central-1", JSON.readTree("{\"revocations\":[]}"), sink, null))
                .isInstanceOf(RegionException.class);
    }

    @Test
    void serialsAreReadAsTheRegistryWritesThem() {
        assertThat(GuestRevocations.normalize("00:A1")).isEqualTo("a1");
        assertThatThrownBy(() -> GuestRevocations.normalize("0")).isInstanceOf(RegionException.class);
        assertThatThrownBy(() -> GuestRevocations.normalize("a".repeat(65))).isInstanceOf(RegionException.class);
    }
}
