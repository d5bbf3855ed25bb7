package dev.warden.region.audit;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.TrustedKey;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit region's check of one batch, before any of it is stored. Pure: the stored chain is asked through
 * {@link StoredChain}. The events must continue the stored chain at its last seq and hash and each hash to its link
 * ({@link ChainVerifier}, as {@code warden audit verify} recomputes them); each checkpoint must continue the stored
 * checkpoint chain, name the head hash the chain has at its last seq, and be signed ({@link DigestSigner#verify}) by a
 * key pinned for the region and valid for it. A checkpoint under a key not pinned yet is accepted only after a
 * rotation: the chain records {@code audit:RotateSigningKey} from the current pinned key to that key, and a checkpoint
 * the pinned key signed covers that event, so only a key already trusted can bring in the next.
 */
public final class BatchVerifier {
    /** The action of the event that records a key rotation (the node's {@code AuditSigningKeys.ROTATE_ACTION}). */
    public static final String ROTATE_ACTION = "audit:RotateSigningKey";

    private BatchVerifier() {}

    /** Where a region's stored chain ends in the audit region; {@code lastDigest} is null before the first. */
    public record Position(long lastSeq, String lastHash, AuditDigest lastDigest) {
        public static final Position EMPTY = new Position(0, HashChain.GENESIS, null);

        public long lastDigestSeq() {
            return lastDigest == null ? 0 : lastDigest.digestSeq();
        }
    }

    /** What the stored part of a region's chain answers about itself. */
    public interface StoredChain {
        /** The stored hash of event {@code seq}. */
        Optional<String> hashAt(long seq);

        /** The seq of a stored rotation event from {@code oldKeyId} to {@code newKeyId}, if there is one. */
        Optional<Long> rotation(String oldKeyId, String newKeyId);
    }

    /** A verified batch: where the chain ends after it, and the region's keys after it (a rotation adds one). */
    public record Verified(Position position, AuditKeys keys, List<AuditKeys.Key> pinnedNow) {}

    /**
     * Verifies {@code batch} of {@code region} against the stored chain ending at {@code at}, under {@code pinned}.
     *
     * @throws RegionException {@link RegionReason#AUDIT_OUT_OF_ORDER}, {@link RegionReason#AUDIT_TAMPERED},
     *                         {@link RegionReason#AUDIT_KEY_UNTRUSTED} or {@link RegionReason#AUDIT_NOT_METADATA}
     */
    public static Verified verify(String region, Position at, AuditKeys pinned, AuditBatch batch, StoredChain stored) {
        if (pinned == null) {
            throw new RegionException(
                    RegionReason.AUDIT_KEY_UNTRUSTED,
                    "no audit-signing key is pinned for region " + region
                            + " (a region pins its keys when it joins; leave and join again)");
        }
        Map<Long, String> hashes = new HashMap<>();
        Position afterEvents = verifyEvents(region, at, batch.events(), hashes);
        List<AuditKeys.Key> pinnedNow = new ArrayList<>();
        AuditKeys keys = pinned;
        AuditDigest previous = at.lastDigest();
        for (AuditDigest digest : batch.digests()) {
            verifyPlace(region, digest, previous, afterEvents.lastSeq());
            String head = digest.toSeq() == 0
                    ? HashChain.GENESIS
                    : Optional.ofNullable(hashes.get(digest.toSeq()))
                            .or(() -> stored.hashAt(digest.toSeq()))
                            .orElse("");
            if (!head.equals(digest.headHash())) {
                throw tampered("checkpoint " + digest.digestSeq() + " signed another head for seq " + digest.toSeq()
                        + " than the chain has");
            }
            if (keys.keys().stream().noneMatch(k -> k.keyId().equals(digest.keyId()))) {
                AuditKeys.Key next = rotatedTo(region, keys, digest, previous, batch, stored);
                keys = keys.rotated(next.publicKeyPem(), digest.digestSeq() - 1, next.createdAt());
                pinnedNow.add(keys.current());
            }
            requireSigned(keys, digest);
            previous = digest;
        }
        return new Verified(
                new Position(afterEvents.lastSeq(), afterEvents.lastHash(), previous), keys, List.copyOf(pinnedNow));
    }

    /** The events continue the stored chain and each hashes to its link; returns where they end. */
    private static Position verifyEvents(
            String region, Position at, List<ChainedEvent> events, Map<Long, String> hashes) {
        if (events.isEmpty()) {
            return at;
        }
        long first = events.get(0).seq();
        if (first != at.lastSeq() + 1) {
            throw new RegionException(
                    RegionReason.AUDIT_OUT_OF_ORDER,
                    "the batch starts at seq " + first + " but the stored chain of " + region + " ends at seq "
                            + at.lastSeq());
        }
        for (ChainedEvent e : events) {
            if (!region.equals(e.event().region())) {
                throw tampered("event " + e.seq() + " names another region than its sender");
            }
            MetadataOnly.require(e);
        }
        VerificationReport report = ChainVerifier.withValidity(List.of(), region, null)
                .verifyPart(events.iterator(), List.of(), first, at.lastHash(), false, false);
        if (!report.intact()) {
            VerificationProblem problem = report.firstProblem().orElseThrow();
            String message = "event " + problem.seq() + ": " + problem.message();
            if (problem.kind() == ProblemKind.DELETED || problem.kind() == ProblemKind.OUT_OF_ORDER) {
                throw new RegionException(RegionReason.AUDIT_OUT_OF_ORDER, message);
            }
            throw tampered(message);
        }
        for (ChainedEvent e : events) {
            hashes.put(e.seq(), e.hash());
        }
        ChainedEvent last = events.get(events.size() - 1);
        return new Position(last.seq(), last.hash(), at.lastDigest());
    }

    /** The checkpoint continues the checkpoint chain and covers only events the chain has. */
    private static void verifyPlace(String region, AuditDigest digest, AuditDigest previous, long lastSeq) {
        long expectedSeq = previous == null ? 1 : previous.digestSeq() + 1;
        if (digest.digestSeq() != expectedSeq) {
            throw new RegionException(
                    RegionReason.AUDIT_OUT_OF_ORDER,
                    "checkpoint " + digest.digestSeq() + " arrived where checkpoint " + expectedSeq + " was due");
        }
        String expectedPrevious = previous == null ? HashChain.GENESIS : previous.hash();
        long expectedFrom = previous == null ? 1 : previous.toSeq() + 1;
        if (!region.equals(digest.region())
                || !expectedPrevious.equals(digest.previousDigestHash())
                || digest.fromSeq() != expectedFrom
                || digest.toSeq() < digest.fromSeq() - 1) {
            throw tampered("checkpoint " + digest.digestSeq() + " does not continue the checkpoint chain of " + region);
        }
        if (digest.toSeq() > lastSeq) {
            throw new RegionException(
                    RegionReason.AUDIT_OUT_OF_ORDER,
                    "checkpoint " + digest.digestSeq() + " covers seq " + digest.toSeq() + ", beyond the events sent");
        }
    }

    /**
     * The key a checkpoint names, when a pinned key brought it in: the region's list offers it, and the chain records
     * the rotation from the current pinned key to it at a seq the previous checkpoint (signed by that key) covers.
     */
    private static AuditKeys.Key rotatedTo(
            String region,
            AuditKeys keys,
            AuditDigest digest,
            AuditDigest previous,
            AuditBatch batch,
            StoredChain stored) {
        AuditKeys.Key offered = batch.keys() == null
                ? null
                : batch.keys().keys().stream()
                        .filter(k -> k.keyId().equals(digest.keyId()))
                        .findFirst()
                        .orElse(null);
        String current = keys.current().keyId();
        Optional<Long> rotation = batch.events().stream()
                .filter(e -> isRotation(e, current, digest.keyId()))
                .map(ChainedEvent::seq)
                .findFirst()
                .or(() -> stored.rotation(current, digest.keyId()));
        if (offered == null
                || previous == null
                || rotation.isEmpty()
                || rotation.get() > previous.toSeq()
                || !previous.keyId().equals(current)) {
            throw new RegionException(
                    RegionReason.AUDIT_KEY_UNTRUSTED,
                    "checkpoint " + digest.digestSeq() + " of " + region + " is signed by key "
                            + digest.keyId()
                                    .substring(0, Math.min(16, digest.keyId().length()))
                            + ", which no pinned key brought in by a signed rotation");
        }
        return offered;
    }

    /** Whether {@code e} records the rotation from {@code oldKeyId} to {@code newKeyId}. */
    public static boolean isRotation(ChainedEvent e, String oldKeyId, String newKeyId) {
        return ROTATE_ACTION.equals(e.event().action())
                && oldKeyId.equals(e.event().details().get("oldKeyId"))
                && newKeyId.equals(e.event().details().get("newKeyId"));
    }

    private static void requireSigned(AuditKeys keys, AuditDigest digest) {
        TrustedKey trusted = keys.keys().stream()
                .filter(k -> k.keyId().equals(digest.keyId()))
                .map(AuditKeys.Key::trusted)
                .findFirst()
                .orElseThrow();
        if (!trusted.covers(digest.digestSeq())) {
            throw new RegionException(
                    RegionReason.AUDIT_KEY_UNTRUSTED,
                    "checkpoint " + digest.digestSeq() + " is signed by a key that signs only " + trusted.range());
        }
        if (!DigestSigner.verify(digest, trusted.publicKey())) {
            throw tampered("checkpoint " + digest.digestSeq() + " is not signed by the key it names");
        }
    }

    private static RegionException tampered(String message) {
        return new RegionException(RegionReason.AUDIT_TAMPERED, message);
    }
}
