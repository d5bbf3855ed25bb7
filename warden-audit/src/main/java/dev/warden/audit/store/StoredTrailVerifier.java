package dev.warden.audit.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainVerifier;
import dev.warden.audit.HashChain;
import dev.warden.audit.ProblemKind;
import dev.warden.audit.VerificationProblem;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.anchor.AnchorCheck;
import java.security.Provider;
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
    private final List<dev.warden.audit.TrustedKey> keys;
    private final Provider signatureProvider;

    public StoredTrailVerifier(AuditStore store, PublicKey publicKey) {
        this(store, publicKey, null);
    }

    /** @param signatureProvider checks digest signatures (see {@link ChainVerifier}), or {@code null} for the JDK's */
    public StoredTrailVerifier(AuditStore store, PublicKey publicKey, Provider signatureProvider) {
        this(store, List.of(publicKey), signatureProvider);
    }

    /** A verifier that trusts checkpoints signed by any of {@code publicKeys} (a region's keys across rotations). */
    public StoredTrailVerifier(AuditStore store, List<PublicKey> publicKeys, Provider signatureProvider) {
        this(
                signatureProvider,
                store,
                publicKeys.stream().map(dev.warden.audit.TrustedKey::always).toList());
    }

    private StoredTrailVerifier(Provider signatureProvider, AuditStore store, List<dev.warden.audit.TrustedKey> keys) {
        this.store = store;
        this.keys = List.copyOf(keys);
        this.signatureProvider = signatureProvider;
    }

    /** A verifier that checks each checkpoint was signed by a key valid for its digest seq (keys across rotations). */
    public static StoredTrailVerifier withValidity(
            AuditStore store, List<dev.warden.audit.TrustedKey> keys, Provider signatureProvider) {
        return new StoredTrailVerifier(signatureProvider, store, keys);
    }

    /** Every region in the store, each verified whole. */
    public List<VerificationReport> verifyAll() {
        return store.regions().stream()
                .map(region -> verify(region, null, null))
                .toList();
    }

    /**
     * Verifies one region whole and checks it against what the options trust: the anchor, the age of the unsigned
     * tail, and the findings the node recorded about events it did not write. An empty trail is a failure: a node
     * records events from its first start on, so nothing at all means everything was deleted.
     */
    public VerificationReport verify(String region, VerifyOptions options) {
        AuditStore.Head head = store.head(region);
        List<VerificationProblem> extra = new ArrayList<>();
        VerificationReport report;
        if (head.lastSeq() == 0 && head.lastDigest().isEmpty()) {
            extra.add(new VerificationProblem(
                    ProblemKind.EMPTY_TRAIL,
                    0,
                    null,
                    "the trail of " + region
                            + " holds no event and no checkpoint: it was never written, or everything was deleted"));
            report = new VerificationReport(region, 0, 0, 1, 0, 0, List.of(), false);
        } else {
            report = verify(region, null, null);
        }
        extra.addAll(AnchorCheck.check(
                options.anchor(), store.digests(region), head.lastSeq(), seq -> store.hashAt(region, seq)));
        unsignedTail(region, report, options).ifPresent(extra::add);
        extra.addAll(recordedTampering(region));
        if (extra.isEmpty()) {
            return report;
        }
        List<VerificationProblem> all = new ArrayList<>(report.problems());
        all.addAll(extra);
        all.sort(java.util.Comparator.comparingLong(VerificationProblem::seq));
        return new VerificationReport(
                region,
                report.eventsChecked(),
                report.digestsChecked(),
                report.firstSeq(),
                report.lastSeq(),
                report.unsignedTail(),
                all,
                report.problemsTruncated());
    }

    private java.util.Optional<VerificationProblem> unsignedTail(
            String region, VerificationReport report, VerifyOptions options) {
        if (options.allowUnsignedTail() || report.unsignedTail() == 0) {
            return java.util.Optional.empty();
        }
        long first = report.lastSeq() - report.unsignedTail() + 1;
        long time = store.timeAt(region, first).orElse(0L);
        long age = options.nowNanos() - time;
        if (options.nodeRunning() && age <= options.unsignedTailGrace().toNanos()) {
            return java.util.Optional.empty();
        }
        String why = options.nodeRunning()
                ? "the oldest is " + java.time.Duration.ofNanos(age).toSeconds()
                        + " s old and a running node signs within "
                        + options.unsignedTailGrace().toSeconds() + " s"
                : "the node is not running, and a node signs everything when it stops";
        return java.util.Optional.of(new VerificationProblem(
                ProblemKind.UNSIGNED_TAIL,
                first,
                null,
                report.unsignedTail() + " event(s) from seq " + first + " on are covered by no signed checkpoint ("
                        + why + "): the node was killed, or they were appended by someone else; start the node to "
                        + "have it check and sign them, or pass --allow-unsigned-tail to accept them knowingly"));
    }

    /** Each finding the node recorded in the trail about events it had not written (see AuditLog's start check). */
    private List<VerificationProblem> recordedTampering(String region) {
        return store
                .query(new AuditQuery(
                        region,
                        null,
                        dev.warden.audit.AuditLog.TAMPERED_ACTION,
                        null,
                        null,
                        null,
                        null,
                        0,
                        AuditQuery.MAX_LIMIT))
                .stream()
                .map(e -> {
                    var d = e.event().details();
                    return new VerificationProblem(
                            ProblemKind.TAMPERING_RECORDED,
                            e.seq(),
                            e.event().eventId(),
                            "the node found " + d.get("kind") + " at seq " + d.get("fromSeq") + ".." + d.get("toSeq")
                                    + (Boolean.parseBoolean(d.get("setAside"))
                                            ? " and set those events aside as evidence"
                                            : "")
                                    + " (" + d.get("finding") + "); the chain goes on in epoch " + d.get("epoch"));
                })
                .toList();
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
        List<VerificationProblem> archiveProblems = new ArrayList<>();
        long stored = store.firstSeq(region).orElse(1L);
        if (stored > 1) {
            // Archived head: the chain resumes from the head hash a signed digest names, and only if the chain
            // itself records that archive; anything else is a deletion.
            AuditDigest boundary = store.digests(region).stream()
                    .filter(d -> d.toSeq() == stored - 1)
                    .findFirst()
                    .orElse(null);
            boolean recorded = boundary != null && archiveRecorded(region, stored - 1);
            if (boundary != null && recorded) {
                firstSeq = stored;
                anchor = boundary.headHash();
            } else {
                archiveProblems.add(new VerificationProblem(
                        ProblemKind.DELETED,
                        stored,
                        null,
                        "events 1.." + (stored - 1)
                                + " are missing and no archive of them is recorded at a signed digest"));
            }
        }
        if (fromNanos != null) {
            firstSeq = Math.max(
                    firstSeq, store.firstSeqAtOrAfter(region, fromNanos).orElse(Long.MAX_VALUE - 1));
            if (firstSeq > 1 && firstSeq < Long.MAX_VALUE - 1) {
                anchor = store.hashAt(region, firstSeq - 1).orElse(HashChain.GENESIS);
            }
        }
        long lastSeq = toNanos == null
                ? Long.MAX_VALUE
                : store.lastSeqBefore(region, toNanos).orElse(0L);
        List<AuditDigest> digests = store.digests(region);
        if (toNanos != null) {
            // Digests beyond the window would be reported as a truncation; keep the ones the window can check.
            long end = lastSeq;
            digests = digests.stream().filter(d -> d.toSeq() <= end).toList();
        }
        long end = toNanos == null ? store.head(region).lastSeq() : lastSeq;
        VerificationReport report = verifyInParts(region, firstSeq, end, toNanos == null, anchor, digests);
        if (archiveProblems.isEmpty()) {
            return report;
        }
        List<VerificationProblem> all = new ArrayList<>(archiveProblems);
        all.addAll(report.problems());
        return new VerificationReport(
                region,
                report.eventsChecked(),
                report.digestsChecked(),
                report.firstSeq(),
                report.lastSeq(),
                report.unsignedTail(),
                all,
                report.problemsTruncated());
    }

    /** Whether the chain holds an {@code audit:ArchiveEvents} event for exactly this segment end. */
    private boolean archiveRecorded(String region, long upToSeq) {
        return store
                .query(new AuditQuery(
                        region, null, ARCHIVE_ACTION, null, AuditResult.ALLOW, null, null, 0, AuditQuery.MAX_LIMIT))
                .stream()
                .anyMatch(
                        e -> String.valueOf(upToSeq).equals(e.event().details().get("upToSeq")));
    }

    /** The action of the event that records an archive in the chain. */
    public static final String ARCHIVE_ACTION = "audit:ArchiveEvents";

    /**
     * Every event's link depends only on stored values (its predecessor's stored hash), so a long chain is checked
     * in consecutive pieces on all cores, each anchored on the stored hash before it, and the reports are joined.
     */
    private VerificationReport verifyInParts(
            String region, long firstSeq, long lastSeq, boolean openEnded, String anchor, List<AuditDigest> digests) {
        long span = lastSeq - firstSeq + 1;
        int wanted = span < MIN_EVENTS_PER_PART * 2
                ? 1
                : (int) Math.min(
                        Runtime.getRuntime().availableProcessors(), Math.min(MAX_PARTS, span / MIN_EVENTS_PER_PART));
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
        ChainVerifier verifier = ChainVerifier.withValidity(keys, region, signatureProvider);
        List<CompletableFuture<VerificationReport>> pieces = new ArrayList<>();
        ExecutorService pool = parts == 1
                ? null
                : Executors.newFixedThreadPool(parts, r -> {
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
                    store.forEachStored(
                            region,
                            from,
                            last && openEnded ? Long.MAX_VALUE : to,
                            events -> report.set(verifier.verifyPart(events, digests, from, pieceAnchor, first, last)));
                    return report.get();
                };
                pieces.add(
                        pool == null
                                ? CompletableFuture.completedFuture(task.get())
                                : CompletableFuture.supplyAsync(task, pool));
            }
            return VerificationReport.merge(
                    region, pieces.stream().map(CompletableFuture::join).toList());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
