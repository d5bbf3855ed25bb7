package dev.warden.tuf.client;

import dev.warden.tuf.MetadataFiles;
import dev.warden.tuf.Root;
import dev.warden.tuf.SignedEnvelope;
import dev.warden.tuf.TopLevelRole;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import dev.warden.tuf.TufRole;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;

/** Spec 5.2 and 5.3: load the trusted root and follow the chain of newer roots to the latest. */
final class RootUpdate {
    private final TrustedStore store;
    private final MetadataSource source;
    private final TufLimits limits;

    RootUpdate(TrustedStore store, MetadataSource source, TufLimits limits) {
        this.store = store;
        this.source = source;
        this.limits = limits;
    }

    Root run(Instant now) {
        Root trusted = loadTrusted();
        for (int i = 0; i < limits.maxRootRotations(); i++) {
            long next = trusted.version() + 1;
            String what = "root version " + next;
            Optional<byte[]> file = Downloads.optional(
                    source, MetadataFiles.root(next), limits.rootMaxLength(), TufReason.TOO_LARGE, what);
            if (file.isEmpty()) {
                break;
            }
            Root newer = verifyNext(trusted, file.get(), next);
            store.save(TopLevelRole.ROOT, file.get());
            forgetIfRotated(trusted, newer);
            trusted = newer;
        }
        // 5.3.10: only the final root must be current; intermediate ones may have expired long ago.
        if (trusted.isExpiredAt(now)) {
            throw new TufException(
                    TufReason.EXPIRED, "root version " + trusted.version() + " expired at " + trusted.expires());
        }
        return trusted;
    }

    /** 5.2: the stored root must be signed by a threshold of its own root keys; its expiry does not matter yet. */
    private Root loadTrusted() {
        byte[] file = store.load(TopLevelRole.ROOT)
                .orElseThrow(() -> new TufException(TufReason.MISSING, "there is no trusted root"));
        SignedEnvelope envelope = RoleVerifier.read(file, Root.TYPE, "trusted root");
        Root root = Root.fromJson(envelope.signed());
        verifyWith(root, envelope, "trusted root version " + root.version());
        return root;
    }

    /** 5.3.4 and 5.3.5: signed by the trusted root's root keys and by its own, and exactly one version newer. */
    private static Root verifyNext(Root trusted, byte[] file, long expected) {
        String what = "root version " + expected;
        SignedEnvelope envelope = RoleVerifier.read(file, Root.TYPE, what);
        verifyWith(trusted, envelope, what + " (with the root keys of version " + trusted.version() + ")");
        Root newer = Root.fromJson(envelope.signed());
        if (newer.version() != expected) {
            throw new TufException(
                    newer.version() < expected ? TufReason.ROLLBACK : TufReason.VERSION_MISMATCH,
                    MetadataFiles.root(expected) + " holds root version " + newer.version());
        }
        verifyWith(newer, envelope, what + " (with its own root keys)");
        return newer;
    }

    private static void verifyWith(Root keys, SignedEnvelope envelope, String what) {
        TufRole role = keys.role(TopLevelRole.ROOT);
        RoleVerifier.verify(envelope, keys.keys(), role.keyIds(), role.threshold(), what);
    }

    /**
     * 5.3.11: a new timestamp or snapshot key means the old one may have been used to fast-forward versions; the
     * trusted timestamp and snapshot go, so that the repository's real, lower versions are accepted again. Done at
     * each step rather than at the end, so that a later failure cannot skip it.
     */
    private void forgetIfRotated(Root before, Root after) {
        if (rotated(before, after, TopLevelRole.TIMESTAMP) || rotated(before, after, TopLevelRole.SNAPSHOT)) {
            store.delete(TopLevelRole.TIMESTAMP);
            store.delete(TopLevelRole.SNAPSHOT);
        }
    }

    private static boolean rotated(Root before, Root after, TopLevelRole role) {
        TufRole old = before.role(role);
        TufRole now = after.role(role);
        return old.threshold() != now.threshold() || !new HashSet<>(old.keyIds()).equals(new HashSet<>(now.keyIds()));
    }
}
