package dev.warden.audit.anchor;

import dev.warden.audit.AuditDigest;

/**
 * A place outside the database that keeps what the trail has committed to: every signed checkpoint, the sealed head
 * after each commit that holds an admin action, and each new epoch. Whoever can rewrite the database cannot rewrite
 * these, so a verifier that trusts an anchor detects a trail that was cut, emptied or replaced.
 *
 * <p>Called by the trail's writer thread after the database commit (so a crash never leaves an anchor ahead of the
 * trail). An exception means the proof outside could not be kept: the writer then refuses admin actions.
 */
public interface AnchorSink {
    AnchorSink NONE = new AnchorSink() {
        @Override
        public void checkpoint(AuditDigest checkpoint) {}

        @Override
        public void head(AnchoredHead head) {}

        @Override
        public void epoch(EpochStart epoch) {}
    };

    void checkpoint(AuditDigest checkpoint);

    void head(AnchoredHead head);

    void epoch(EpochStart epoch);

    /** Records an audit-signing key from the checkpoint it starts signing on (see {@link AnchoredKey}). */
    default void key(AnchoredKey key) {}
}
