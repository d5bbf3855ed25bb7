package dev.warden.tuf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.Root;
import dev.warden.tuf.SignedEnvelope;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.Timestamp;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufMetadata;
import dev.warden.tuf.TufReason;
import dev.warden.tuf.TufRole;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Spec 5.4 and 5.5: the timestamp and the snapshot, each checked against what is already trusted. */
final class TopLevelUpdate {
    private final Root root;
    private final MetadataSource source;
    private final TrustedStore store;
    private final TufLimits limits;
    private final Instant now;

    TopLevelUpdate(Root root, MetadataSource source, TrustedStore store, TufLimits limits, Instant now) {
        this.root = root;
        this.source = source;
        this.store = store;
        this.limits = limits;
        this.now = now;
    }

    Timestamp timestamp() {
        Optional<Trusted<Timestamp>> trusted = loadTrusted(TopLevelRole.TIMESTAMP, Timestamp::fromJson);
        byte[] file = Downloads.required(
                source, MetadataFiles.TIMESTAMP, limits.timestampMaxLength(), TufReason.TOO_LARGE, "timestamp");
        Timestamp fresh = verify(file, TopLevelRole.TIMESTAMP, Timestamp::fromJson, "timestamp");
        if (trusted.isPresent()) {
            Timestamp old = trusted.get().metadata();
            if (fresh.version() < old.version()) { // 5.4.3.1
                throw new TufException(
                        TufReason.ROLLBACK,
                        "timestamp version " + fresh.version() + " is lower than the trusted version " + old.version());
            }
            if (fresh.version() == old.version()) {
                // Nothing changed on the repository: keep what is trusted, which must still be current.
                requireCurrent(old, "timestamp");
                return old;
            }
            long oldSnapshot = old.snapshotMeta().version();
            if (fresh.snapshotMeta().version() < oldSnapshot) { // 5.4.3.2
                throw new TufException(
                        TufReason.ROLLBACK,
                        "timestamp version " + fresh.version() + " names snapshot version "
                                + fresh.snapshotMeta().version() + ", lower than the trusted version " + oldSnapshot);
            }
        }
        requireCurrent(fresh, "timestamp version " + fresh.version()); // 5.4.4
        store.save(TopLevelRole.TIMESTAMP, file);
        return fresh;
    }

    Snapshot snapshot(Timestamp timestamp) {
        MetaFile meta = timestamp.snapshotMeta();
        Optional<Trusted<Snapshot>> trusted = loadTrusted(TopLevelRole.SNAPSHOT, Snapshot::fromJson);
        if (trusted.isPresent() && isTheOneNamed(trusted.get(), meta)) {
            requireCurrent(trusted.get().metadata(), "snapshot version " + meta.version());
            return trusted.get().metadata();
        }
        String what = "snapshot version " + meta.version();
        String fileName = MetadataFiles.metadata(Snapshot.TYPE, meta.version(), root.consistentSnapshot());
        long limit = meta.length().orElse(limits.snapshotMaxLength());
        TufReason oversize = meta.length().isPresent() ? TufReason.LENGTH_MISMATCH : TufReason.TOO_LARGE;
        byte[] file = Downloads.required(source, fileName, limit, oversize, what);
        meta.check(file, what); // 5.5.2
        Snapshot fresh = verify(file, TopLevelRole.SNAPSHOT, Snapshot::fromJson, what); // 5.5.3
        if (fresh.version() != meta.version()) { // 5.5.4
            throw new TufException(
                    TufReason.VERSION_MISMATCH,
                    fileName + " holds snapshot version " + fresh.version() + ", timestamp names " + meta.version());
        }
        trusted.ifPresent(old -> requireNoRollback(old.metadata(), fresh)); // 5.5.5
        requireCurrent(fresh, what); // 5.5.6
        store.save(TopLevelRole.SNAPSHOT, file);
        return fresh;
    }

    /**
     * 5.5.5: no targets file the trusted snapshot lists may disappear or go back a version; nor may the snapshot
     * itself (a fast-forwarded one is deleted on key rotation, 5.3.11, before it can get in the way).
     */
    private static void requireNoRollback(Snapshot old, Snapshot fresh) {
        if (fresh.version() < old.version()) {
            throw new TufException(
                    TufReason.ROLLBACK,
                    "snapshot version " + fresh.version() + " is lower than the trusted version " + old.version());
        }
        for (Map.Entry<String, MetaFile> entry : new TreeMap<>(old.meta()).entrySet()) {
            String file = MetadataFiles.encodeRoleName(entry.getKey());
            MetaFile now = fresh.meta().get(entry.getKey());
            if (now == null) {
                throw new TufException(
                        TufReason.ROLLBACK,
                        "snapshot version " + fresh.version() + " no longer lists " + file + ", which the trusted "
                                + "snapshot does");
            }
            if (now.version() < entry.getValue().version()) {
                throw new TufException(
                        TufReason.ROLLBACK,
                        "snapshot version " + fresh.version() + " lists " + file + " version " + now.version()
                                + ", lower than the trusted version "
                                + entry.getValue().version());
            }
        }
    }

    private boolean isTheOneNamed(Trusted<Snapshot> trusted, MetaFile meta) {
        if (trusted.metadata().version() != meta.version()) {
            return false;
        }
        try {
            meta.check(trusted.file(), "trusted snapshot");
            return true;
        } catch (TufException e) {
            return false;
        }
    }

    private <T extends TufMetadata> T verify(
            byte[] file, TopLevelRole role, Function<JsonNode, T> parser, String what) {
        SignedEnvelope envelope = RoleVerifier.read(file, role.jsonName(), what);
        TufRole keys = root.role(role);
        RoleVerifier.verify(envelope, root.keys(), keys.keyIds(), keys.threshold(), what);
        return parser.apply(envelope.signed());
    }

    /**
     * A stored timestamp or snapshot, verified again under the current root; its expiry does not matter, since it
     * serves only as the floor for rollback checks. One that no longer verifies is ignored, as python-tuf does: after
     * a key rotation it has already been deleted, so what is left is corruption, which must not brick the device.
     */
    private <T extends TufMetadata> Optional<Trusted<T>> loadTrusted(TopLevelRole role, Function<JsonNode, T> parser) {
        Optional<byte[]> file = store.load(role);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Trusted<>(verify(file.get(), role, parser, "trusted " + role.jsonName()), file.get()));
        } catch (TufException e) {
            return Optional.empty();
        }
    }

    private void requireCurrent(TufMetadata metadata, String what) {
        if (metadata.isExpiredAt(now)) {
            throw new TufException(TufReason.EXPIRED, what + " expired at " + metadata.expires());
        }
    }

    private record Trusted<T>(T metadata, byte[] file) {}
}
