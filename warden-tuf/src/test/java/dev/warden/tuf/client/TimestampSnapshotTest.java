package dev.warden.tuf.client;

import static dev.warden.tuf.TopLevelRole.SNAPSHOT;
import static dev.warden.tuf.TopLevelRole.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.tuf.LocalEcdsaSigner;
import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataWriter;
import dev.warden.tuf.RepositoryState;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.Tamper;
import dev.warden.tuf.TestRepository;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 5.4 and 5.5: every refusal of a timestamp or a snapshot, and what stays trusted. */
class TimestampSnapshotTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final TestRepository repo = new TestRepository(NOW);
    private final Device device = new Device(repo.root(1), NOW);

    @Test
    void keepsTheTrustedTimestampWhenTheRepositoryServesTheSameVersion() {
        RepositoryState state = repo.publish();
        device.refresh(state);
        byte[] sameVersion =
                repo.timestampFile(1, MetaFile.of(1, state.metadata("1.snapshot.json")), NOW.plus(Duration.ofDays(9)));
        TrustedMetadata trusted = device.refresh(state.withMetadata("timestamp.json", sameVersion));
        assertThat(trusted.timestamp().expires()).isEqualTo(repo.timestampExpires);
        assertThat(device.stored(TIMESTAMP)).isEqualTo(state.metadata("timestamp.json"));
    }

    @Test
    void refusesATimestampSignedByAnotherRolesKey() {
        RepositoryState state = repo.publish();
        byte[] byTheSnapshotKey = repo.timestampFile(
                1,
                MetaFile.of(1, state.metadata("1.snapshot.json")),
                repo.timestampExpires,
                List.of(repo.key(SNAPSHOT)));
        device.refused(
                state.withMetadata("timestamp.json", byTheSnapshotKey),
                TufReason.UNKNOWN_KEY,
                "timestamp: signed only by keys not authorized for it");
    }

    @Test
    void refusesATimestampChangedAfterSigning() {
        RepositoryState state = repo.publish();
        byte[] changed =
                Tamper.changeSigned(state.metadata("timestamp.json"), s -> s.put("expires", "2099-01-01T00:00:00Z"));
        device.refused(state.withMetadata("timestamp.json", changed), TufReason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void refusesATimestampSignedByFewerKeysThanItsThreshold() {
        LocalEcdsaSigner first = LocalEcdsaSigner.generate();
        repo.setKeys(TIMESTAMP, 2, first, LocalEcdsaSigner.generate());
        repo.publishRoot();
        RepositoryState state = repo.publish();
        assertThat(device.refresh(state).timestamp().version()).isEqualTo(1);

        byte[] byOne = repo.timestampFile(
                2, MetaFile.of(1, state.metadata("1.snapshot.json")), repo.timestampExpires, List.of(first));
        device.refused(
                state.withMetadata("timestamp.json", byOne), TufReason.THRESHOLD_NOT_MET, "signed by 1 of the 2 keys");
    }

    @Test
    void countsOneKeyOnceEvenUnderTwoKeyIds() {
        // GIVEN a root whose timestamp threshold of 2 lists one key twice, in two PEM wrappings (two key ids)
        LocalEcdsaSigner key = LocalEcdsaSigner.generate();
        String pem76 = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.keyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        LocalEcdsaSigner sameKey = key.listedAs(new TufKey("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", pem76)));
        assertThat(sameKey.keyId()).isNotEqualTo(key.keyId());
        repo.setKeys(TIMESTAMP, 2, key, sameKey);
        repo.publishRoot();
        // THEN its two signatures count as one
        device.refused(repo.publish(), TufReason.THRESHOLD_NOT_MET, "signed by 1 of the 2 keys");
    }

    @Test
    void refusesTwoSignaturesByOneKeyId() throws Exception {
        RepositoryState state = repo.publish();
        byte[] twice = Tamper.duplicateFirstSignature(state.metadata("timestamp.json"));
        device.refused(state.withMetadata("timestamp.json", twice), TufReason.MALFORMED, "two signatures by key");
    }

    @Test
    void refusesAnOlderTimestamp() {
        RepositoryState first = repo.publish();
        device.refresh(repo.publish());
        device.refused(
                repo.state().withMetadata("timestamp.json", first.metadata("timestamp.json")),
                TufReason.ROLLBACK,
                "timestamp version 1 is lower than the trusted version 2");
    }

    @Test
    void refusesATimestampThatNamesAnOlderSnapshot() {
        RepositoryState first = repo.publish();
        device.refresh(repo.publish());
        byte[] backToOne =
                repo.timestampFile(3, MetaFile.of(1, first.metadata("1.snapshot.json")), repo.timestampExpires);
        device.refused(
                repo.state().withMetadata("timestamp.json", backToOne),
                TufReason.ROLLBACK,
                "timestamp version 3 names snapshot version 1, lower than the trusted version 2");
        assertThat(device.stored(TIMESTAMP)).isEqualTo(repo.state().metadata("timestamp.json"));
    }

    @Test
    void refusesAnExpiredTimestamp() {
        repo.timestampExpires = NOW.minus(Duration.ofHours(1));
        device.refused(repo.publish(), TufReason.EXPIRED, "timestamp version 1 expired at");
        assertThat(device.store.load(TIMESTAMP)).isEmpty();
    }

    @Test
    void refusesATimestampLongerThanItsLimit() {
        device.limits = new TufLimits(256, 512_000, 100, 2_000_000, 5_000_000, 32);
        device.refused(repo.publish(), TufReason.TOO_LARGE, "timestamp (timestamp.json) is longer than 100 bytes");
    }

    @Test
    void refusesAnotherRolesFileServedAsTheTimestamp() {
        RepositoryState state = repo.publish();
        device.refused(
                state.withMetadata("timestamp.json", state.metadata("1.snapshot.json")),
                TufReason.MALFORMED,
                "is not timestamp metadata");
    }

    @Test
    void ignoresAStoredTimestampThatDoesNotVerify() {
        device.store.save(TIMESTAMP, "{\"signed\": {}, \"signatures\": []}".getBytes(StandardCharsets.UTF_8));
        assertThat(device.refresh(repo.publish()).timestamp().version()).isEqualTo(1);
    }

    @Test
    void refusesASnapshotWhoseHashIsNotTheTimestamps() {
        RepositoryState state = repo.publish();
        byte[] other = Tamper.sameLengthOtherBytes(state.metadata("1.snapshot.json"));
        device.refused(
                state.withMetadata("1.snapshot.json", other), TufReason.HASH_MISMATCH, "snapshot version 1: sha256");
    }

    @Test
    void refusesASnapshotWhoseLengthIsNotTheTimestamps() {
        RepositoryState state = repo.publish();
        byte[] file = state.metadata("1.snapshot.json");
        device.refused(
                state.withMetadataText("1.snapshot.json", new String(file, StandardCharsets.UTF_8) + " "),
                TufReason.LENGTH_MISMATCH,
                "is longer than " + file.length + " bytes");
        device.refused(
                state.withMetadataText("1.snapshot.json", new String(file, StandardCharsets.UTF_8).strip()),
                TufReason.LENGTH_MISMATCH,
                "snapshot version 1 is " + (file.length - 1) + " bytes, metadata lists " + file.length);
    }

    @Test
    void refusesASnapshotOfAnotherVersionThanTheTimestampNames() {
        RepositoryState state = repo.publish();
        byte[] three =
                repo.snapshotFile(3, TestRepository.metaOf(state.metadata("1.snapshot.json")), repo.snapshotExpires);
        RepositoryState mixed = state.withMetadata("2.snapshot.json", three)
                .withMetadata("timestamp.json", repo.timestampFile(2, MetaFile.versionOnly(2), repo.timestampExpires));
        device.refused(
                mixed, TufReason.VERSION_MISMATCH, "2.snapshot.json holds snapshot version 3, timestamp names 2");
    }

    @Test
    void refusesASnapshotThatRollsBackTargets() {
        RepositoryState first = repo.publish();
        RepositoryState second = repo.publish();
        device.refresh(second);
        Map<String, MetaFile> meta = TestRepository.metaOf(second.metadata("2.snapshot.json"));
        meta.put("targets.json", MetaFile.of(1, first.metadata("1.targets.json")));
        device.refused(
                publishSnapshot(second, 3, meta),
                TufReason.ROLLBACK,
                "snapshot version 3 lists targets.json version 1, lower than the trusted version 2");
    }

    @Test
    void refusesASnapshotThatDropsARole() {
        RepositoryState state = repo.publish();
        device.refresh(state);
        Map<String, MetaFile> meta = TestRepository.metaOf(state.metadata("1.snapshot.json"));
        meta.remove("camera.json");
        device.refused(publishSnapshot(state, 2, meta), TufReason.ROLLBACK, "no longer lists camera.json");
    }

    @Test
    void refusesAnExpiredSnapshot() {
        repo.snapshotExpires = NOW;
        device.refused(repo.publish(), TufReason.EXPIRED, "snapshot version 1 expired at 2030-06-01T12:00:00Z");
        assertThat(device.store.load(SNAPSHOT)).isEmpty();
    }

    @Test
    void refusesASnapshotSignedByTheTimestampKey() {
        RepositoryState state = repo.publish();
        byte[] snapshot = MetadataWriter.write(
                Snapshot.of(2, repo.snapshotExpires, TestRepository.metaOf(state.metadata("1.snapshot.json"))),
                List.of(repo.key(TIMESTAMP)));
        RepositoryState forged = state.withMetadata("2.snapshot.json", snapshot)
                .withMetadata("timestamp.json", repo.timestampFile(2, MetaFile.of(2, snapshot), repo.timestampExpires));
        device.refused(forged, TufReason.UNKNOWN_KEY, "snapshot version 2: signed only by keys not authorized");
    }

    @Test
    void refusesAMissingSnapshot() {
        device.refused(
                repo.publish().withoutMetadata("1.snapshot.json"),
                TufReason.MISSING,
                "snapshot version 1 (1.snapshot.json) is not on the repository");
    }

    private RepositoryState publishSnapshot(RepositoryState state, long version, Map<String, MetaFile> meta) {
        byte[] snapshot = repo.snapshotFile(version, meta, repo.snapshotExpires);
        return state.withMetadata(version + ".snapshot.json", snapshot)
                .withMetadata(
                        "timestamp.json",
                        repo.timestampFile(version, MetaFile.of(version, snapshot), repo.timestampExpires));
    }
}
