package dev.warden.audit.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.HashChain;
import dev.warden.audit.VerificationReport;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** Verifies the chains kept in a database, whole or in a time window; it needs nothing but the public key. */
public final class StoredTrailVerifier {
    private static final long MIN_EVENTS_PER_PART = 50_000;
    private static final int MAX_PARTS = 8;

    private final AuditStore store;
    private final PublicKey publicKey;

    public StoredTrailVerifier(AuditStore store, PublicKey publicKey) {
        this.store = store;
        this.publicKey = publicKey;
    }

    /** Every region in the store, each verified whole. */
    public List<VerificationReport> verifyAll() {
        return store.regions().stream().map(region -> verify(region, null, null)).toList();
    }

    /**
     * Verifies one region. With a window, the chain is recomputed from the stored hash of the event just before it
     * (that anchor is itself checked by any digest that covers the window's first events).
     *
     * @param fromNanos inclusive, or {@code null} for the start of the chain
     * @param toNanos   exclusive, or {@code null} for its end
     */
    public VerificationReport verify(String region, Long fromNanos, Long toNanos) {
        long firstSeq = 1;
        String anchor = HashChain.GENESIS;
        if (fromNanos != null) {
            firstSeq = store.firstSeqAtOrAfter(region, fromNanos).orElse(Long.MAX_VALUE - 1);
            if (firstSeq > 1 && firstSeq < Long.MAX_VALUE - 1) {
                anchor = store.hashAt(region, firstSeq - 1).orElse(HashChain.GENESIS);
            }
        }
        long lastSeq = toNanos == null ? Long.MAX_VALUE : store.lastSeqBefore(region, toNanos).orElse(0L);
        List<AuditDigest> digests = store.digests(region);
        if (toNanos != null) {
            // Digests beyond the window would be reported as a truncation; keep the ones the window can check.
            long end = lastSeq;
            digests = digests.stream().filter(d -> d.toSeq() <= end).toList();
        }
        long end = toNanos == null ? store.head(region).lastSeq() : lastSeq;
        return verifyInParts(region, firstSeq, end, toNanos == null, anchor, digests);
    }

    /**
     * Every event's link depends only on stored values (its predecessor's stored hash), so a long chain is checked
     * in consecutive pieces on all cores, each anchored on the stored hash before it, and the reports are joined.
     */
    private VerificationReport verifyInParts(String region, long firstSeq, long lastSeq, boolean openEnded, String anchor,
                                             List<AuditDigest> digests) {
        long span = lastSeq - firstSeq + 1;
        int wanted = span < MIN_EVENTS_PER_PART * 2 ? 1
                : (int) Math.min(Runtime.getRuntime().availableProcessors(), Math.min(MAX_PARTS, span / MIN_EVENTS_PER_PART));
        List<String> anchors = new ArrayList<>(List.of(anchor));
        for (int i = 1; i < wanted; i++) {
            var stored = store.hashAt(region, firstSeq + span * i / wanted - 1);
            if (stored.isEmpty()) {
                // A missing row at a boundary would hide the gap between two pieces: check it in one piece instead.
                anchors = List.of(anchor);
                break;
            }
            anchors.add(stored.get());
        }
        int parts = anchors.size();
        ChainVerifier verifier = new ChainVerifier(publicKey, region);
        List<CompletableFuture<VerificationReport>> pieces = new ArrayList<>();
        ExecutorService pool = parts == 1 ? null : Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "warden-audit-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < parts; i++) {
                long from = firstSeq + span * i / parts;
                long to = i == parts - 1 ? lastSeq : firstSeq + span * (i + 1) / parts - 1;
                String pieceAnchor = anchors.get(i);
                boolean first = i == 0;
                boolean last = i == parts - 1;
                java.util.function.Supplier<VerificationReport> task = () -> {
                    AtomicReference<VerificationReport> report = new AtomicReference<>();
                    store.forEach(region, from, last && openEnded ? Long.MAX_VALUE : to, events -> report.set(
                            verifier.verifyPart(events, digests, from, pieceAnchor, first, last)));
                    return report.get();
                };
                pieces.add(pool == null ? CompletableFuture.completedFuture(task.get()) : CompletableFuture.supplyAsync(task, pool));
            }
            return VerificationReport.merge(region, pieces.stream().map(CompletableFuture::join).toList());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
