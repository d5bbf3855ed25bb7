package dev.warden.audit;

import dev.warden.audit.anchor.AnchoredHead;
import dev.warden.audit.anchor.EpochStart;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof of one commit: signs its checkpoint with the current key, writes it (or, for a batch with an admin action
 * and no checkpoint, the new head) to the anchors outside the database, and switches keys after a rotation's last
 * checkpoint. Used by the writer thread only; the key id is read from any thread.
 */
final class CheckpointSigning {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final String region;
    private final AuditIntegrity integrity;
    private final LongSupplier now;
    // Replaced only by the writer thread, between commits (switchSigner).
    private volatile DigestSigner signer;

    CheckpointSigning(String region, DigestSigner signer, AuditIntegrity integrity, LongSupplier now) {
        this.region = region;
        this.signer = signer;
        this.integrity = integrity;
        this.now = now;
    }

    /** The key id of the key that signs the next checkpoint. */
    String keyId() {
        return signer.keyId();
    }

    /** The checkpoint over events up to {@code seq} (head {@code hash}), following the head's last checkpoint. */
    AuditDigest sign(ChainHead head, long seq, String hash, TreeHead nextTree, long epoch) {
        AuditDigest last = head.lastDigest();
        AuditDigest unsigned = new AuditDigest(
                region,
                last == null ? 1 : last.digestSeq() + 1,
                head.signedUpTo() + 1,
                seq,
                hash,
                last == null ? HashChain.GENESIS : last.hash(),
                now.getAsLong(),
                signer.keyId(),
                null,
                epoch,
                nextTree == null ? null : nextTree.rootHex());
        try {
            return signer.sign(unsigned);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "signing checkpoint " + unsigned.digestSeq() + " failed: " + RootCause.of(e));
        }
    }

    /** Writes a committed batch's proof to the anchors: a new epoch, the checkpoint, or the head of a durable batch. */
    void anchor(AuditDigest digest, boolean durable, EpochStart epochStart, ChainHead head) {
        if (epochStart != null) {
            integrity.anchors().epoch(epochStart);
        }
        if (digest != null) {
            integrity.anchors().checkpoint(digest);
        } else if (durable) {
            integrity.anchors().head(new AnchoredHead(region, head.lastSeq(), head.lastHash(), now.getAsLong()));
        }
    }

    /** After the old key's last checkpoint is committed: publish the new key, then sign with it from now on. */
    void switchSigner(Pending.Rotation rotation, List<Pending> batch, AuditDigest lastDigest) {
        if (rotation == null) {
            return;
        }
        try {
            rotation.beforeSwitch().accept(lastDigest.digestSeq());
            signer = rotation.next();
            LOG.info(
                    "audit trail of {} signs with key {} from checkpoint {} on",
                    region,
                    signer.keyId(),
                    lastDigest.digestSeq() + 1);
        } catch (RuntimeException e) {
            LOG.error("audit-signing key of {} not rotated: {}", region, RootCause.of(e));
            for (Pending p : batch) {
                if (p.rotation() == rotation) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }
}
