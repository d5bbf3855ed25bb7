package dev.warden.tuf.client;

import dev.warden.tuf.MetaFile;
import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.Root;
import dev.warden.tuf.SignedEnvelope;
import dev.warden.tuf.Snapshot;
import dev.warden.tuf.Targets;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Spec 5.6.1 to 5.6.5, for the top-level targets role and for delegated roles alike. */
final class TargetsLoader {
    private final Root root;
    private final Snapshot snapshot;
    private final MetadataSource source;
    private final TufLimits limits;
    private final Instant now;

    TargetsLoader(Root root, Snapshot snapshot, MetadataSource source, TufLimits limits, Instant now) {
        this.root = root;
        this.snapshot = snapshot;
        this.source = source;
        this.limits = limits;
        this.now = now;
    }

    /**
     * Downloads and verifies the metadata of {@code role}, signed by a {@code threshold} of {@code keyIds} among
     * {@code keys} (the root's for the top-level role, the delegating role's {@code delegations.keys} otherwise).
     */
    Targets load(String role, Map<String, TufKey> keys, List<String> keyIds, int threshold) {
        MetaFile meta = snapshot.meta().get(role + ".json");
        // Role names come from metadata: messages carry them percent-encoded, as in file names.
        String shown = MetadataFiles.unversioned(role);
        if (meta == null) {
            throw new TufException(
                    TufReason.MISSING, "snapshot version " + snapshot.version() + " does not list " + shown);
        }
        String what = shown + " version " + meta.version();
        String fileName = MetadataFiles.metadata(role, meta.version(), root.consistentSnapshot());
        long limit = meta.length().orElse(limits.targetsMaxLength());
        TufReason oversize = meta.length().isPresent() ? TufReason.LENGTH_MISMATCH : TufReason.TOO_LARGE;
        byte[] file = Downloads.required(source, fileName, limit, oversize, what);
        meta.check(file, what); // 5.6.2
        SignedEnvelope envelope = RoleVerifier.read(file, Targets.TYPE, what);
        RoleVerifier.verify(envelope, keys, keyIds, threshold, what); // 5.6.3
        Targets targets = Targets.fromJson(envelope.signed());
        if (targets.version() != meta.version()) { // 5.6.4
            throw new TufException(
                    TufReason.VERSION_MISMATCH,
                    fileName + " holds version " + targets.version() + ", snapshot lists " + meta.version());
        }
        if (targets.isExpiredAt(now)) { // 5.6.5
            throw new TufException(TufReason.EXPIRED, what + " expired at " + targets.expires());
        }
        return targets;
    }
}
