package dev.warden.audit;

import dev.warden.audit.anchor.AnchorCheck;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.store.AuditStore;
import java.util.List;
import java.util.Optional;

/**
 * The check a node runs on its own trail before it signs anything: the trail must still hold everything its anchor
 * recorded, and every event after the last checkpoint must chain correctly up to a head the node sealed. Events the
 * node cannot account for are never signed.
 */
final class TrailRecovery {
    private final AuditStore store;
    private final String region;
    private final HeadSealer sealer;

    TrailRecovery(AuditStore store, String region, HeadSealer sealer) {
        this.store = store;
        this.region = region;
        this.sealer = sealer;
    }

    /** Every disagreement found, the anchor's first (a cut tail is checked before anything is set aside). */
    List<TamperFinding> check(AnchorLog anchor) {
        AuditStore.Head head = store.head(region);
        List<TamperFinding> findings = new java.util.ArrayList<>();
        checkAnchor(anchor, head).ifPresent(findings::add);
        checkTail(head).ifPresent(findings::add);
        return findings;
    }

    private Optional<TamperFinding> checkAnchor(AnchorLog anchor, AuditStore.Head head) {
        List<VerificationProblem> problems =
                AnchorCheck.check(anchor, store.digests(region), head.lastSeq(), seq -> store.hashAt(region, seq));
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        VerificationProblem first = problems.get(0);
        TamperFinding.Kind kind = first.kind() == ProblemKind.SHORTER_THAN_ANCHOR
                ? TamperFinding.Kind.BEHIND_ANCHOR
                : TamperFinding.Kind.DIVERGES_FROM_ANCHOR;
        long anchoredTo = anchor.furthest().map(h -> h.seq()).orElse(head.lastSeq());
        return Optional.of(new TamperFinding(
                kind,
                head.lastSeq(),
                Math.min(first.seq(), head.lastSeq() + 1),
                Math.max(anchoredTo, first.seq()),
                first.message()));
    }

    /** Events after the last checkpoint that do not chain, or go beyond the sealed head. */
    private Optional<TamperFinding> checkTail(AuditStore.Head head) {
        long signedUpTo = head.lastDigest().map(AuditDigest::toSeq).orElse(0L);
        if (head.lastSeq() <= signedUpTo) {
            return Optional.empty();
        }
        String anchorHash = signedUpTo == 0
                ? HashChain.GENESIS
                : store.hashAt(region, signedUpTo).orElse(null);
        long chainsUpTo = chainsUpTo(signedUpTo, anchorHash, head.lastSeq());
        long accounted = signedUpTo;
        Optional<AuditStore.StoredSeal> seal = store.seal(region);
        if (seal.isPresent()
                && sealer.verify(
                        region, seal.get().seq(), seal.get().hash(), seal.get().seal())
                && seal.get().seq() <= chainsUpTo
                && store.hashAt(region, seal.get().seq())
                        .map(seal.get().hash()::equals)
                        .orElse(false)) {
            accounted = Math.max(signedUpTo, seal.get().seq());
        }
        if (accounted >= head.lastSeq()) {
            return Optional.empty();
        }
        String why = chainsUpTo < head.lastSeq()
                ? "the chain breaks at seq " + (chainsUpTo + 1) + " and the node sealed its head at seq " + accounted
                : "the node sealed its head at seq " + accounted + " but the trail goes on to seq " + head.lastSeq();
        return Optional.of(new TamperFinding(
                TamperFinding.Kind.UNACCOUNTED_EVENTS, accounted, accounted + 1, head.lastSeq(), why));
    }

    private static boolean links(HashChain chain, String previous, ChainedEvent e) {
        try {
            return chain.link(previous, e.event()).equals(e.hash());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
    }

    /** The last seq up to which stored events chain from {@code anchorHash} with consecutive seqs. */
    private long chainsUpTo(long afterSeq, String anchorHash, long lastSeq) {
        if (anchorHash == null) {
            return afterSeq;
        }
        long[] good = {afterSeq};
        HashChain chain = new HashChain();
        store.forEach(region, afterSeq + 1, lastSeq, events -> {
            String previous = anchorHash;
            while (events.hasNext()) {
                ChainedEvent e = events.next();
                if (e.seq() != good[0] + 1 || !links(chain, previous, e)) {
                    return;
                }
                previous = e.hash();
                good[0] = e.seq();
            }
        });
        return good[0];
    }
}
