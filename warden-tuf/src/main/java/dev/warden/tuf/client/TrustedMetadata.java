package dev.warden.tuf.client;

import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.Root;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.Targets;
import dev.warden.tuf.Timestamp;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one update ({@link TufClient#refresh}): verified, current top-level metadata, and the means to look
 * targets up (5.6.7) and download them (5.7) within the same update, at the same fixed start time.
 *
 * <p>Not thread-safe: one update belongs to one caller. Delegated metadata is fetched on first use and kept.
 */
public final class TrustedMetadata {
    private final Root root;
    private final Timestamp timestamp;
    private final Snapshot snapshot;
    private final Targets targets;
    private final Instant updateStart;
    private final DelegationSearch search;

    TrustedMetadata(
            Root root,
            Timestamp timestamp,
            Snapshot snapshot,
            Targets targets,
            Instant updateStart,
            DelegationSearch search) {
        this.root = root;
        this.timestamp = timestamp;
        this.snapshot = snapshot;
        this.targets = targets;
        this.updateStart = updateStart;
        this.search = search;
    }

    public Root root() {
        return root;
    }

    public Timestamp timestamp() {
        return timestamp;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The top-level targets metadata. */
    public Targets targets() {
        return targets;
    }

    /** The fixed update start time every expiry was checked against (5.1). */
    public Instant updateStart() {
        return updateStart;
    }

    /**
     * The most trusted description of {@code path}, fetching delegated metadata as the search needs it; empty when no
     * role that may describe the path does.
     *
     * @throws TufException when delegated metadata on the way is refused (with that refusal's reason)
     */
    public Optional<TargetInfo> findTarget(String path) {
        return search.find(path);
    }

    /** Like {@link #findTarget} but refuses an unknown target, {@link TufReason#UNKNOWN_TARGET}. */
    public TargetInfo requireTarget(String path) {
        return findTarget(path)
                .orElseThrow(() -> new TufException(
                        TufReason.UNKNOWN_TARGET,
                        "no trusted targets metadata describes " + MetadataFiles.encodeRoleName(path)));
    }

    /**
     * Downloads a target and checks it (5.7): at most its listed length, exactly that length, and every listed hash.
     * With consistent snapshots the file fetched is {@code <dir>/<sha256>.<name>}.
     *
     * @throws TufException {@link TufReason#MISSING}, {@link TufReason#LENGTH_MISMATCH} or
     *     {@link TufReason#HASH_MISMATCH}
     */
    public byte[] download(TargetInfo target, TargetSource source) {
        String what = "target " + MetadataFiles.encodeRoleName(target.path());
        String fileName = MetadataFiles.target(target.path(), target.file().hashes(), root.consistentSnapshot());
        long length = target.file().length();
        byte[] file = source.fetch(fileName, length)
                .orElseThrow(() -> new TufException(TufReason.MISSING, what + " is not on the repository"));
        if (file.length > length) {
            throw new TufException(TufReason.LENGTH_MISMATCH, what + " is longer than the " + length + " bytes listed");
        }
        target.file().check(file, what);
        return file;
    }
}
