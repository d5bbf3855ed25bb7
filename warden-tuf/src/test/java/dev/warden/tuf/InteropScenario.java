package dev.warden.tuf;

import static dev.warden.tuf.TestRepository.FIRMWARE;
import static dev.warden.tuf.TestRepository.FIRMWARE_BYTES;
import static dev.warden.tuf.TestRepository.WELCOME;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One device's story against a repository, run the same way by tuf-js and by Warden's client: the root it ships
 * with, then one update per repository state (the device's trusted metadata carried from one to the next), each
 * update also downloading {@code targets}. Every update but the last must succeed; the last is what the test
 * asserts on.
 *
 * <p>Metadata expires relative to {@code now}, the real time: tuf-js reads the system clock.
 */
record InteropScenario(String name, byte[] shippedRoot, List<RepositoryState> updates, List<String> targets) {
    /** A current repository: root 1, one publication; the device downloads a delegated and a top-level target. */
    static InteropScenario current(Instant now) {
        TestRepository repo = new TestRepository(now);
        return new InteropScenario("current", repo.root(1), List.of(repo.publish()), List.of(FIRMWARE, WELCOME));
    }

    /** Root version 2 replaces the timestamp key and the timestamp is signed with the new key: accepted. */
    static InteropScenario rotatedTimestampKey(Instant now) {
        TestRepository repo = new TestRepository(now);
        RepositoryState before = repo.publish();
        repo.setKeys(TopLevelRole.TIMESTAMP, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();
        return new InteropScenario("rotated-key", repo.root(1), List.of(before, repo.publish()), List.of(FIRMWARE));
    }

    /**
     * (1) A rolled-back snapshot: the device trusts snapshot 2; a timestamp (version 3, signed by the timestamp key)
     * then names snapshot 1, which is still on the repository.
     */
    static InteropScenario rolledBackSnapshot(Instant now) {
        TestRepository repo = new TestRepository(now);
        RepositoryState first = repo.publish();
        RepositoryState second = repo.publish();
        MetaFile oldSnapshot = MetaFile.of(1, first.metadata("1.snapshot.json"));
        RepositoryState attack =
                second.withMetadata("timestamp.json", repo.timestampFile(3, oldSnapshot, repo.timestampExpires));
        return new InteropScenario("rolled-back-snapshot", repo.root(1), List.of(second, attack), List.of(FIRMWARE));
    }

    /** (1, variant) A new snapshot 3 that lists targets.json version 1 after the device trusted version 2. */
    static InteropScenario snapshotRollingBackTargets(Instant now) {
        TestRepository repo = new TestRepository(now);
        RepositoryState first = repo.publish();
        RepositoryState second = repo.publish();
        Map<String, MetaFile> meta = TestRepository.metaOf(second.metadata("2.snapshot.json"));
        meta.put("targets.json", MetaFile.of(1, first.metadata("1.targets.json")));
        byte[] snapshot = repo.snapshotFile(3, meta, repo.snapshotExpires);
        RepositoryState attack = second.withMetadata("3.snapshot.json", snapshot)
                .withMetadata("timestamp.json", repo.timestampFile(3, MetaFile.of(3, snapshot), repo.timestampExpires));
        return new InteropScenario(
                "snapshot-rolls-back-targets", repo.root(1), List.of(second, attack), List.of(FIRMWARE));
    }

    /** (2) A timestamp that expired an hour ago: a freeze attack. */
    static InteropScenario expiredTimestamp(Instant now) {
        TestRepository repo = new TestRepository(now);
        repo.timestampExpires = now.minus(Duration.ofHours(1));
        return new InteropScenario("expired-timestamp", repo.root(1), List.of(repo.publish()), List.of(FIRMWARE));
    }

    /** (3) The firmware served differs from what the sensor role's metadata lists (same length, other bytes). */
    static InteropScenario targetHashMismatch(Instant now) {
        TestRepository repo = new TestRepository(now);
        String served = MetadataFiles.target(FIRMWARE, Hashes.of(FIRMWARE_BYTES), true);
        RepositoryState state = repo.publish().withTarget(served, Tamper.lastByteChanged(FIRMWARE_BYTES));
        return new InteropScenario("target-hash-mismatch", repo.root(1), List.of(state), List.of(FIRMWARE));
    }

    /**
     * (4) Metadata signed with a revoked key: root version 2 replaces the timestamp key; a newer timestamp signed with
     * the old key is served.
     */
    static InteropScenario revokedTimestampKey(Instant now) {
        TestRepository repo = new TestRepository(now);
        LocalEcdsaSigner revoked = repo.key(TopLevelRole.TIMESTAMP);
        RepositoryState before = repo.publish();
        repo.setKeys(TopLevelRole.TIMESTAMP, 1, LocalEcdsaSigner.generate());
        repo.publishRoot();
        RepositoryState after = repo.publish();
        MetaFile snapshot = MetaFile.of(2, after.metadata("2.snapshot.json"));
        RepositoryState attack = after.withMetadata(
                "timestamp.json", repo.timestampFile(2, snapshot, repo.timestampExpires, List.of(revoked)));
        return new InteropScenario("revoked-key", repo.root(1), List.of(before, attack), List.of(FIRMWARE));
    }

    /** The SHA-256 the sensor role lists for the firmware: what tuf-js names in its hash refusal. */
    static String firmwareSha256() {
        return Hashes.of(FIRMWARE_BYTES).get("sha256");
    }
}
