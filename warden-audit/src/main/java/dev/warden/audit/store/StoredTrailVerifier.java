package dev.warden.audit.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.HashChain;
import dev.warden.audit.VerificationReport;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Verifies the chains kept in a database, whole or in a time window; it needs nothing but the public key. */
public final class StoredTrailVerifier {
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
        AtomicReference<VerificationReport> report = new AtomicReference<>();
        long from = firstSeq;
        String anchorHash = anchor;
        List<AuditDigest> relevant = digests;
        ChainVerifier verifier = new ChainVerifier(publicKey, region);
        store.forEach(region, firstSeq, lastSeq, events -> report.set(verifier.verify(events, relevant, from, anchorHash)));
        return report.get();
    }
}
