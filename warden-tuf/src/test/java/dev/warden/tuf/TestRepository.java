package dev.warden.tuf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A TUF repository as Warden's node will publish one, built in memory with {@link MetadataWriter}: separate root,
 * targets, snapshot and timestamp keys, one delegated role per thing type ({@code sensor} for {@code sensor/*},
 * {@code camera} for {@code camera/*}) with keys of their own, consistent snapshots, and two targets, one top-level
 * and one delegated. Every publication keeps the files of earlier ones, as a real repository does; tests take a
 * {@link RepositoryState} and tamper with a copy of it.
 */
public final class TestRepository {
    public static final String FIRMWARE = "sensor/fw-1.0.bin";
    public static final byte[] FIRMWARE_BYTES =
            "firmware image 1.0 for thing type sensor\n".getBytes(StandardCharsets.UTF_8);
    public static final String WELCOME = "welcome.txt";
    public static final byte[] WELCOME_BYTES = "published by a Warden node\n".getBytes(StandardCharsets.UTF_8);
    public static final List<String> THING_TYPES = List.of("sensor", "camera");

    private final Map<TopLevelRole, List<LocalEcdsaSigner>> keys = new EnumMap<>(TopLevelRole.class);
    private final Map<TopLevelRole, Integer> thresholds = new EnumMap<>(TopLevelRole.class);
    private final Map<String, LocalEcdsaSigner> delegatedKeys = new LinkedHashMap<>();
    private final Map<String, Map<String, TargetFile>> listings = new LinkedHashMap<>();
    private final Map<String, byte[]> contents = new TreeMap<>();
    private final Map<String, byte[]> metadata = new TreeMap<>();
    private final Map<String, byte[]> targetFiles = new TreeMap<>();
    private List<LocalEcdsaSigner> previousRootKeys = List.of();
    private long rootVersion;
    private long targetsVersion;
    private long snapshotVersion;
    private long timestampVersion;

    public Instant rootExpires;
    public Instant targetsExpires;
    public Instant delegatedExpires;
    public Instant snapshotExpires;
    public Instant timestampExpires;

    /** A repository whose metadata is current at {@code now}, with root version 1 published. */
    public TestRepository(Instant now) {
        for (TopLevelRole role : TopLevelRole.values()) {
            keys.put(role, List.of(LocalEcdsaSigner.generate()));
            thresholds.put(role, 1);
        }
        listings.put("targets", new TreeMap<>());
        for (String thingType : THING_TYPES) {
            delegatedKeys.put(thingType, LocalEcdsaSigner.generate());
            listings.put(thingType, new TreeMap<>());
        }
        rootExpires = now.plus(Duration.ofDays(365));
        targetsExpires = now.plus(Duration.ofDays(30));
        delegatedExpires = now.plus(Duration.ofDays(30));
        snapshotExpires = now.plus(Duration.ofDays(7));
        timestampExpires = now.plus(Duration.ofDays(1));
        addTarget(WELCOME, WELCOME_BYTES);
        addTarget(FIRMWARE, FIRMWARE_BYTES);
        publishRoot();
    }

    public LocalEcdsaSigner key(TopLevelRole role) {
        return keys.get(role).get(0);
    }

    public LocalEcdsaSigner delegatedKey(String thingType) {
        return delegatedKeys.get(thingType);
    }

    public long rootVersion() {
        return rootVersion;
    }

    public long targetsVersion() {
        return targetsVersion;
    }

    public long snapshotVersion() {
        return snapshotVersion;
    }

    public long timestampVersion() {
        return timestampVersion;
    }

    /** A target listed by the role its path belongs to (a thing type's role for {@code <thing type>/...}). */
    public void addTarget(String path, byte[] content) {
        String slash = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
        String role = THING_TYPES.contains(slash) ? slash : "targets";
        addTarget(role, path, content, TargetFile.of(content, Optional.empty()));
    }

    /** A target listed by {@code role} as {@code listed} and served as {@code served}: how tests lie about one. */
    public void addTarget(String role, String path, byte[] served, TargetFile listed) {
        listings.get(role).put(path, listed);
        contents.put(path, served.clone());
    }

    /** New keys for a top-level role, taking effect with the next {@link #publishRoot()}. */
    public void setKeys(TopLevelRole role, int threshold, LocalEcdsaSigner... signers) {
        keys.put(role, List.of(signers));
        thresholds.put(role, threshold);
    }

    /** The next root version, signed by the previous root's keys and its own (5.3.4). */
    public byte[] publishRoot() {
        rootVersion++;
        List<LocalEcdsaSigner> signers = new ArrayList<>(keys.get(TopLevelRole.ROOT));
        for (LocalEcdsaSigner old : previousRootKeys) {
            if (signers.stream().noneMatch(s -> s.keyId().equals(old.keyId()))) {
                signers.add(old);
            }
        }
        byte[] file = MetadataWriter.write(rootMetadata(rootVersion), signers);
        metadata.put(MetadataFiles.root(rootVersion), file);
        previousRootKeys = keys.get(TopLevelRole.ROOT);
        return file;
    }

    public Root rootMetadata(long version) {
        Map<String, TufKey> rootKeys = new TreeMap<>();
        Map<TopLevelRole, TufRole> roles = new EnumMap<>(TopLevelRole.class);
        for (TopLevelRole role : TopLevelRole.values()) {
            List<String> ids = new ArrayList<>();
            for (LocalEcdsaSigner signer : keys.get(role)) {
                rootKeys.put(signer.keyId(), signer.key());
                ids.add(signer.keyId());
            }
            roles.put(role, new TufRole(ids, thresholds.get(role)));
        }
        return Root.of(version, rootExpires, rootKeys, roles);
    }

    public byte[] root(long version) {
        return metadata.get(MetadataFiles.root(version)).clone();
    }

    /** New versions of every targets file, the snapshot and the timestamp, each signed by its role's keys. */
    public RepositoryState publish() {
        targetsVersion++;
        snapshotVersion++;
        timestampVersion++;
        Map<String, MetaFile> meta = new TreeMap<>();
        for (String thingType : THING_TYPES) {
            byte[] file = delegatedFile(thingType, targetsVersion, delegatedExpires);
            metadata.put(MetadataFiles.metadata(thingType, targetsVersion, true), file);
            meta.put(thingType + ".json", MetaFile.of(targetsVersion, file));
        }
        byte[] targets = targetsFile(targetsVersion, targetsExpires);
        metadata.put(MetadataFiles.metadata("targets", targetsVersion, true), targets);
        meta.put("targets.json", MetaFile.of(targetsVersion, targets));
        byte[] snapshot = snapshotFile(snapshotVersion, meta, snapshotExpires);
        metadata.put(MetadataFiles.metadata("snapshot", snapshotVersion, true), snapshot);
        metadata.put(
                MetadataFiles.TIMESTAMP,
                timestampFile(timestampVersion, MetaFile.of(snapshotVersion, snapshot), timestampExpires));
        publishTargetFiles();
        return state();
    }

    public RepositoryState state() {
        return new RepositoryState(metadata, targetFiles);
    }

    public byte[] targetsFile(long version, Instant expires) {
        return targetsFile(version, expires, keys.get(TopLevelRole.TARGETS));
    }

    public byte[] targetsFile(long version, Instant expires, List<? extends TufSigner> signers) {
        List<DelegatedRole> roles = new ArrayList<>();
        Map<String, TufKey> roleKeys = new TreeMap<>();
        for (String thingType : THING_TYPES) {
            LocalEcdsaSigner key = delegatedKeys.get(thingType);
            roleKeys.put(key.keyId(), key.key());
            roles.add(DelegatedRole.forPaths(thingType, List.of(key.keyId()), 1, true, List.of(thingType + "/*")));
        }
        Targets targets =
                Targets.of(version, expires, listings.get("targets"), Optional.of(new Delegations(roleKeys, roles)));
        return MetadataWriter.write(targets, signers);
    }

    public byte[] delegatedFile(String thingType, long version, Instant expires) {
        return delegatedFile(thingType, version, expires, delegatedKeys.get(thingType));
    }

    public byte[] delegatedFile(String thingType, long version, Instant expires, TufSigner signer) {
        Targets targets = Targets.of(version, expires, listings.get(thingType), Optional.empty());
        return MetadataWriter.write(targets, List.of(signer));
    }

    /** What a snapshot file lists, for tests that publish a doctored snapshot built from a real one. */
    public static Map<String, MetaFile> metaOf(byte[] snapshotFile) {
        return new TreeMap<>(
                Snapshot.fromJson(SignedEnvelope.parse(snapshotFile, "snapshot").signed())
                        .meta());
    }

    public byte[] snapshotFile(long version, Map<String, MetaFile> meta, Instant expires) {
        return MetadataWriter.write(Snapshot.of(version, expires, meta), keys.get(TopLevelRole.SNAPSHOT));
    }

    public byte[] timestampFile(long version, MetaFile snapshot, Instant expires) {
        return timestampFile(version, snapshot, expires, keys.get(TopLevelRole.TIMESTAMP));
    }

    public byte[] timestampFile(long version, MetaFile snapshot, Instant expires, List<? extends TufSigner> signers) {
        return MetadataWriter.write(Timestamp.of(version, expires, snapshot), signers);
    }

    private void publishTargetFiles() {
        for (Map<String, TargetFile> listing : listings.values()) {
            listing.forEach((path, listed) -> {
                for (String name : MetadataFiles.targetCopies(path, listed.hashes())) {
                    targetFiles.put(name, contents.get(path));
                }
            });
        }
    }
}
