package dev.warden.tuf.client;

import static dev.warden.tuf.TopLevelRole.ROOT;
import static dev.warden.tuf.TopLevelRole.SNAPSHOT;
import static dev.warden.tuf.TopLevelRole.TARGETS;
import static dev.warden.tuf.TopLevelRole.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.tuf.LocalEcdsaSigner;
import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataWriter;
import dev.warden.tuf.RepositoryState;
import dev.warden.tuf.Tamper;
import dev.warden.tuf.TestRepository;
import dev.warden.tuf.TufReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 5.2 and 5.3: the trusted root, the chain of newer roots, and recovery from fast-forward attacks. */
class RootUpdateTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final TestRepository repo = new TestRepository(NOW);
    private final Device device = new Device(repo.root(1), NOW);

    @Test
    void followsTheChainOfRootsThroughKeyRotationsAndStoresEachOne() {
        repo.setKeys(TIMESTAMP, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();
        // A new root key: version 3 is signed by the old root key and by the new one.
        repo.setKeys(ROOT, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();

        TrustedMetadata trusted = device.refresh(repo.publish());

        assertThat(trusted.root().version()).isEqualTo(3);
        assertThat(device.stored(ROOT)).isEqualTo(repo.root(3));
    }

    @Test
    void refusesToStartWithoutATrustedRoot() {
        device.store.delete(ROOT);
        device.refused(repo.publish(), TufReason.MISSING, "no trusted root");
    }

    @Test
    void refusesAShippedRootThatItsOwnKeysDidNotSign() {
        byte[] forged = MetadataWriter.write(repo.rootMetadata(1), List.of(repo.key(TARGETS)));
        new Device(forged, NOW).refused(repo.publish(), TufReason.UNKNOWN_KEY, "trusted root version 1");
    }

    @Test
    void refusesANewRootThatTheTrustedRootKeysDidNotSign() {
        // GIVEN an attacker's root version 2 with a root key of their own, signed only by that key
        LocalEcdsaSigner attacker = LocalEcdsaSigner.generate();
        repo.setKeys(ROOT, 1, attacker);
        RepositoryState state = repo.publish()
                .withMetadata("2.root.json", MetadataWriter.write(repo.rootMetadata(2), List.of(attacker)));
        // THEN the device refuses it: the root keys it trusts did not sign it
        device.refused(state, TufReason.UNKNOWN_KEY, "root version 2 (with the root keys of version 1)");
        assertThat(device.stored(ROOT)).isEqualTo(repo.root(1));
    }

    @Test
    void refusesANewRootThatItsOwnKeysDidNotSign() {
        LocalEcdsaSigner newRootKey = LocalEcdsaSigner.generate();
        LocalEcdsaSigner oldRootKey = repo.key(ROOT);
        repo.setKeys(ROOT, 1, newRootKey);
        RepositoryState state = repo.publish()
                .withMetadata("2.root.json", MetadataWriter.write(repo.rootMetadata(2), List.of(oldRootKey)));
        device.refused(state, TufReason.UNKNOWN_KEY, "root version 2 (with its own root keys)");
    }

    @Test
    void refusesANewRootChangedAfterSigning() {
        repo.publishRoot();
        RepositoryState state = repo.publish();
        byte[] changed = Tamper.changeSigned(state.metadata("2.root.json"), s -> s.put("consistent_snapshot", false));
        device.refused(state.withMetadata("2.root.json", changed), TufReason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void refusesARootFileHoldingAnotherVersion() {
        RepositoryState state = repo.publish();
        device.refused(
                state.withMetadata("2.root.json", repo.root(1)),
                TufReason.ROLLBACK,
                "2.root.json holds root version 1");
        byte[] three = MetadataWriter.write(repo.rootMetadata(3), List.of(repo.key(ROOT)));
        device.refused(
                state.withMetadata("2.root.json", three),
                TufReason.VERSION_MISMATCH,
                "2.root.json holds root version 3");
    }

    @Test
    void refusesAnExpiredFinalRootButNotAnExpiredIntermediateOne() {
        repo.rootExpires = NOW.minus(Duration.ofDays(1));
        repo.publishRoot();
        device.refused(repo.publish(), TufReason.EXPIRED, "root version 2 expired");
        // 5.3.8: version 2 was stored before its expiry was checked, and the chain goes on from it.
        assertThat(device.stored(ROOT)).isEqualTo(repo.root(2));

        repo.rootExpires = NOW.plus(Duration.ofDays(365));
        repo.publishRoot();
        assertThat(device.refresh(repo.publish()).root().version()).isEqualTo(3);
    }

    @Test
    void refusesARootLongerThanItsLimit() {
        repo.publishRoot();
        device.limits = new TufLimits(256, 100, 16_384, 2_000_000, 5_000_000, 32);
        device.refused(repo.publish(), TufReason.TOO_LARGE, "root version 2 (2.root.json) is longer than 100 bytes");
    }

    @Test
    void walksAtMostTheLimitOfRootVersionsInOneUpdate() {
        repo.publishRoot();
        repo.publishRoot();
        repo.publishRoot();
        device.limits = new TufLimits(2, 512_000, 16_384, 2_000_000, 5_000_000, 32);
        RepositoryState state = repo.publish();
        assertThat(device.refresh(state).root().version()).isEqualTo(3);
        assertThat(device.refresh(state).root().version()).isEqualTo(4);
    }

    @Test
    void keepsANewRootWhenTheRestOfTheUpdateFails() {
        repo.publishRoot();
        RepositoryState state = repo.publish().withoutMetadata("timestamp.json");
        device.refused(state, TufReason.MISSING, "timestamp (timestamp.json) is not on the repository");
        assertThat(device.stored(ROOT)).isEqualTo(repo.root(2));
    }

    @Test
    void recoversFromAFastForwardedTimestampOnceTheTimestampKeyIsRotated() {
        // GIVEN an attacker with the timestamp key made the device trust timestamp version 1000
        RepositoryState published = repo.publish();
        MetaFile snapshot = MetaFile.of(1, published.metadata("1.snapshot.json"));
        device.refresh(
                published.withMetadata("timestamp.json", repo.timestampFile(1000, snapshot, repo.timestampExpires)));
        // WHEN the repository publishes its real timestamp version 2, the device refuses it as a rollback
        device.refused(
                repo.publish(), TufReason.ROLLBACK, "timestamp version 2 is lower than the trusted version 1000");
        // THEN rotating the timestamp key in root makes the device forget the fast-forwarded timestamp (5.3.11)
        repo.setKeys(TIMESTAMP, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();
        assertThat(device.refresh(repo.publish()).timestamp().version()).isEqualTo(3);
    }

    @Test
    void recoversFromAFastForwardedSnapshotOnceTheSnapshotKeyAloneIsRotated() {
        // GIVEN an attacker with the online keys made the device trust snapshot 1000, listing targets.json 1000
        RepositoryState published = repo.publish();
        Map<String, MetaFile> meta = TestRepository.metaOf(published.metadata("1.snapshot.json"));
        meta.put("targets.json", MetaFile.versionOnly(1000));
        byte[] snapshot = repo.snapshotFile(1000, meta, repo.snapshotExpires);
        RepositoryState attack = published
                .withMetadata("1000.snapshot.json", snapshot)
                .withMetadata(
                        "timestamp.json", repo.timestampFile(1000, MetaFile.of(1000, snapshot), repo.timestampExpires));
        device.refused(attack, TufReason.MISSING, "targets.json version 1000");
        assertThat(device.store.load(SNAPSHOT)).isPresent();
        // THEN a new snapshot key alone is enough for the device to accept the real, lower versions again
        repo.setKeys(SNAPSHOT, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();
        TrustedMetadata trusted = device.refresh(repo.publish());
        assertThat(trusted.timestamp().version()).isEqualTo(2);
        assertThat(trusted.snapshot().version()).isEqualTo(2);
    }
}
