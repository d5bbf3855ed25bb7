package dev.warden.firmware.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.storage.Database;
import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.MetadataWriter;
import dev.warden.tuf.Root;
import dev.warden.tuf.SignedEnvelope;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.TargetFile;
import dev.warden.tuf.Targets;
import dev.warden.tuf.Timestamp;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufRole;
import dev.warden.tuf.TufSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The TUF repositories of the region's thing types. {@link #publish} signs new targets, snapshot and timestamp for a
 * type's releases (and a root first, or a new root when a role's key changed); {@link #renew} signs again whatever is
 * about to expire. Both are serialized, and each writes its files in one transaction.
 */
public final class UpdateRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What may be asked for: a versioned role file or the timestamp (and nothing with a path in it). */
    private static final Pattern FILE =
            Pattern.compile("([1-9][0-9]{0,17}\\.(root|targets|snapshot)|timestamp)\\.json");

    private final Database db;
    private final String region;
    private final RepositoryKeys keys;
    private final Expiries expiries;
    private final Clock clock;

    public UpdateRepository(Database db, String region, RepositoryKeys keys, Expiries expiries, Clock clock) {
        this.db = db;
        this.region = region;
        this.keys = keys;
        this.expiries = expiries;
        this.clock = clock;
    }

    /** Signs new metadata for {@code type} whose targets are exactly {@code releases} (the ones not revoked). */
    public synchronized void publish(String type, List<FirmwareRelease> releases) {
        publish(type, releases, false);
    }

    /**
     * As {@link #publish}, only when the signed targets differ from {@code releases}: catches up after a change whose
     * signing failed (a KMS key disabled for a while, say). Returns whether it signed.
     */
    public synchronized boolean publishIfChanged(String type, List<FirmwareRelease> releases) {
        return publish(type, releases, true);
    }

    private boolean publish(String type, List<FirmwareRelease> releases, boolean onlyIfChanged) {
        Instant now = now();
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        releases.stream().filter(r -> !r.revoked()).forEach(r -> targets.put(r.targetPath(), target(r)));
        return db.inTransaction(h -> {
            TufFileDao files = new TufFileDao(h, region);
            Optional<Targets> current = files.latest(type, "targets").map(b -> Targets.fromJson(signed(b, type)));
            if (onlyIfChanged && current.isPresent() && current.get().targets().equals(targets)) {
                return false;
            }
            long version = current.map(Targets::version).orElse(0L) + 1;
            write(h, type, Targets.of(version, now.plus(expiries.targets()), targets, Optional.empty()), now);
            return true;
        });
    }

    /**
     * Signs again, for every type, each role whose metadata expires within a third of its validity (a new root when a
     * role's key changed, too). Returns how many files were written.
     */
    public synchronized int renew() {
        Instant now = now();
        List<String> types = db.read(h -> new TufFileDao(h, region).thingTypes());
        int written = 0;
        for (String type : types) {
            written += db.inTransaction(h -> renew(h, type, now));
        }
        return written;
    }

    /** A file of {@code type}'s repository, as served; empty for a name that is not one (or not yet written). */
    public Optional<byte[]> file(String type, String name) {
        if (!FILE.matcher(name).matches()) {
            return Optional.empty();
        }
        return db.read(h -> new TufFileDao(h, region).get(type, name));
    }

    private int renew(Handle h, String type, Instant now) {
        TufFileDao files = new TufFileDao(h, region);
        Optional<Targets> targets = files.latest(type, "targets").map(b -> Targets.fromJson(signed(b, type)));
        if (targets.isEmpty()) {
            return 0;
        }
        Root root = files.latest(type, "root")
                .map(b -> Root.fromJson(signed(b, type)))
                .orElseThrow();
        Snapshot snapshot = files.latest(type, "snapshot")
                .map(b -> Snapshot.fromJson(signed(b, type)))
                .orElseThrow();
        Timestamp timestamp = files.latest(type, TopLevelRole.TIMESTAMP.jsonName())
                .map(b -> Timestamp.fromJson(signed(b, type)))
                .orElseThrow();
        boolean rootDue = due(root.expires(), TopLevelRole.ROOT, now) || !sameKeys(root);
        if (due(targets.get().expires(), TopLevelRole.TARGETS, now) || rootDue) {
            Targets t = targets.get();
            write(
                    h,
                    type,
                    Targets.of(t.version() + 1, now.plus(expiries.targets()), t.targets(), t.delegations()),
                    now);
            return 4;
        }
        if (due(snapshot.expires(), TopLevelRole.SNAPSHOT, now)) {
            writeSnapshotAndTimestamp(h, type, targets.get(), snapshot.version() + 1, timestamp.version() + 1, now);
            return 2;
        }
        if (due(timestamp.expires(), TopLevelRole.TIMESTAMP, now)) {
            byte[] snapshotFile = files.get(type, MetadataFiles.metadata("snapshot", snapshot.version(), true))
                    .orElseThrow();
            writeTimestamp(h, type, timestamp.version() + 1, MetaFile.of(snapshot.version(), snapshotFile), now);
            return 1;
        }
        return 0;
    }

    /** New targets, with what must follow them: a root when none fits the keys, a snapshot and a timestamp. */
    private void write(Handle h, String type, Targets targets, Instant now) {
        TufFileDao files = new TufFileDao(h, region);
        Optional<Root> root = files.latest(type, "root").map(b -> Root.fromJson(signed(b, type)));
        if (root.isEmpty() || !sameKeys(root.get()) || due(root.get().expires(), TopLevelRole.ROOT, now)) {
            long version = root.map(Root::version).orElse(0L) + 1;
            put(files, type, "root", version, MetadataFiles.root(version), newRoot(version, root, now), now);
        }
        byte[] targetsFile = MetadataWriter.write(targets, List.of(keys.signer(TopLevelRole.TARGETS)));
        put(
                files,
                type,
                "targets",
                targets.version(),
                MetadataFiles.metadata("targets", targets.version(), true),
                targetsFile,
                now);
        long snapshotVersion = files.latest(type, "snapshot")
                        .map(b -> Snapshot.fromJson(signed(b, type)).version())
                        .orElse(0L)
                + 1;
        long timestampVersion = files.latest(type, "timestamp")
                        .map(b -> Timestamp.fromJson(signed(b, type)).version())
                        .orElse(0L)
                + 1;
        writeSnapshotAndTimestamp(h, type, targets, snapshotVersion, timestampVersion, now);
    }

    private void writeSnapshotAndTimestamp(
            Handle h, String type, Targets targets, long snapshotVersion, long timestampVersion, Instant now) {
        Snapshot snapshot = Snapshot.of(
                snapshotVersion,
                now.plus(expiries.snapshot()),
                Map.of("targets.json", MetaFile.versionOnly(targets.version())));
        byte[] snapshotFile = MetadataWriter.write(snapshot, List.of(keys.signer(TopLevelRole.SNAPSHOT)));
        put(
                new TufFileDao(h, region),
                type,
                "snapshot",
                snapshotVersion,
                MetadataFiles.metadata("snapshot", snapshotVersion, true),
                snapshotFile,
                now);
        writeTimestamp(h, type, timestampVersion, MetaFile.of(snapshotVersion, snapshotFile), now);
    }

    private void writeTimestamp(Handle h, String type, long version, MetaFile snapshot, Instant now) {
        Timestamp timestamp = Timestamp.of(version, now.plus(expiries.timestamp()), snapshot);
        byte[] file = MetadataWriter.write(timestamp, List.of(keys.signer(TopLevelRole.TIMESTAMP)));
        put(new TufFileDao(h, region), type, "timestamp", version, MetadataFiles.TIMESTAMP, file, now);
    }

    /**
     * A root listing the current key of each role, signed by the current root key and, when the root key changed, by
     * the previous root's keys too (TUF 5.3.4: a device trusts a new root only if the root it holds vouches for it).
     * A replaced targets, snapshot or timestamp key is thereby revoked: the new root no longer lists it.
     */
    private byte[] newRoot(long version, Optional<Root> previous, Instant now) {
        Map<String, TufKey> rootKeys = new LinkedHashMap<>();
        Map<TopLevelRole, TufRole> roles = new EnumMap<>(TopLevelRole.class);
        for (TopLevelRole role : TopLevelRole.values()) {
            TufKey key = keys.signer(role).key();
            rootKeys.put(key.keyId(), key);
            roles.put(role, new TufRole(List.of(key.keyId()), 1));
        }
        Root root = Root.of(version, now.plus(expiries.root()), rootKeys, roles);
        List<TufSigner> signers = new ArrayList<>(List.of(keys.signer(TopLevelRole.ROOT)));
        if (previous.isPresent()) {
            for (String keyId : previous.get().role(TopLevelRole.ROOT).keyIds()) {
                if (!keyId.equals(keys.signer(TopLevelRole.ROOT).key().keyId())) {
                    signers.add(keys.byKeyId(keyId)
                            .orElseThrow(() -> new IllegalStateException("the previous root key " + keyId
                                    + " is gone: the new root could not be trusted by devices holding the old one")));
                }
            }
        }
        return MetadataWriter.write(root, signers);
    }

    /** Whether {@code root} lists each role's current key (a rotated targets, snapshot or timestamp key: no). */
    private boolean sameKeys(Root root) {
        for (TopLevelRole role : TopLevelRole.values()) {
            if (!root.role(role).keyIds().equals(List.of(keys.signer(role).key().keyId()))) {
                return false;
            }
        }
        return true;
    }

    private boolean due(Instant expires, TopLevelRole role, Instant now) {
        return !now.plus(expiries.renewWithin(role)).isBefore(expires);
    }

    private static void put(
            TufFileDao files, String type, String role, long version, String name, byte[] file, Instant now) {
        files.put(type, name, role, version, file, now);
    }

    private static TargetFile target(FirmwareRelease release) {
        ObjectNode custom = JSON.createObjectNode();
        custom.put("thingType", release.thingType());
        custom.put("version", release.version().text());
        custom.put("minVersion", release.minVersion().text());
        release.hardware().forEach(custom.putArray("hardware")::add);
        return new TargetFile(
                release.length(), Map.of("sha256", release.sha256(), "sha512", release.sha512()), Optional.of(custom));
    }

    private static ObjectNode signed(byte[] file, String type) {
        return SignedEnvelope.parse(file, "update metadata of " + type).signed();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
