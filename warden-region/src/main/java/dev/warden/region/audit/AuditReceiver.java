package dev.warden.region.audit;

import dev.warden.audit.AuditKeys;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.store.RegionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The audit region's side of central audit: tells a member where its stored chain ends, and takes its next batch
 * only if {@link BatchVerifier} accepts all of it, in one transaction with the read of the stored end, one batch per
 * region at a time. A refused batch leaves nothing behind but its audit event.
 */
public final class AuditReceiver {
    private final String localRegion;
    private final RegionStore regions;
    private final RegionAuditStore chains;
    private final CentralAuditEvents events;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    /** The last batch of a region this run: when it came, its lag, the last refusal. */
    private record Arrival(Instant at, Duration lag, String refusal) {}

    public AuditReceiver(
            String localRegion, RegionStore regions, RegionAuditStore chains, CentralAuditEvents events, Clock clock) {
        this.localRegion = localRegion;
        this.regions = regions;
        this.chains = chains;
        this.events = events;
        this.clock = clock;
    }

    /** Where the stored chain of {@code region} ends, and which of its keys are pinned. */
    public Map<String, Object> position(String region) {
        requireAuditRegion(region);
        return reply(chains.position(region), chains.keys(region));
    }

    /** Verifies and stores a batch of {@code region}'s chain; returns the new position. */
    public Map<String, Object> receive(String region, String node, AuditBatch batch) {
        requireAuditRegion(region);
        synchronized (locks.computeIfAbsent(region, r -> new Object())) {
            Instant now = clock.instant();
            try {
                BatchVerifier.Verified verified = chains.database().inTransaction(h -> store(h, region, batch, now));
                verified.pinnedNow().forEach(k -> events.keyPinned(region, k.keyId(), k.fromDigestSeq(), "rotation"));
                arrivals.put(region, new Arrival(now, lag(batch, now), null));
                return reply(verified.position(), verified.keys());
            } catch (RegionException e) {
                Arrival last = arrivals.get(region);
                arrivals.put(
                        region,
                        new Arrival(
                                last == null ? null : last.at(),
                                last == null ? Duration.ZERO : last.lag(),
                                e.reason() + ": " + e.getMessage()));
                events.batchRefused(
                        region,
                        node,
                        batch.events().isEmpty() ? 0 : batch.events().get(0).seq(),
                        batch.lastSeq(0),
                        e);
                throw e;
            }
        }
    }

    private BatchVerifier.Verified store(Handle h, String region, AuditBatch batch, Instant now) {
        BatchVerifier.Verified verified = BatchVerifier.verify(
                region, chains.position(h, region), chains.keys(h, region), batch, chains.storedChain(h, region));
        chains.append(h, batch, now);
        if (!verified.pinnedNow().isEmpty()) {
            chains.putKeys(h, region, verified.keys(), "rotation");
        }
        return verified;
    }

    /**
     * Pins the keys a region sent with its join, in the join's transaction: only when none are pinned yet or no chain
     * of that region is stored (a region that joins again keeps the keys its stored chain was verified with). Returns
     * whether they were pinned.
     */
    public static boolean pinAtJoin(Handle h, RegionAuditStore chains, String region, AuditKeys keys) {
        if (!region.equals(keys.region())) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the audit keys sent name another region");
        }
        if (chains.keys(h, region) != null && chains.position(h, region).lastSeq() > 0) {
            return false;
        }
        chains.putKeys(h, region, keys, "join");
        return true;
    }

    /** Every region chain stored here, with how current it is. */
    public List<ReceivedChain> status() {
        return chains.regions().stream()
                .map(region -> {
                    BatchVerifier.Position at = chains.position(region);
                    Arrival last = arrivals.get(region);
                    return new ReceivedChain(
                            region,
                            at.lastSeq(),
                            at.lastDigestSeq(),
                            last == null ? null : last.at(),
                            last == null ? Duration.ZERO : last.lag(),
                            last == null ? null : last.refusal());
                })
                .toList();
    }

    private void requireAuditRegion(String caller) {
        Deployment d = regions.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        if (!localRegion.equals(d.auditRegion())) {
            throw new RegionException(
                    RegionReason.NOT_AUDIT_REGION, "the deployment's audit region is " + d.auditRegion());
        }
        if (localRegion.equals(caller)) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the audit region keeps its own trail itself");
        }
    }

    /** How far the batch's newest event lagged behind its time when it arrived. */
    private static Duration lag(AuditBatch batch, Instant now) {
        if (batch.events().isEmpty()) {
            return Duration.ZERO;
        }
        long newest = batch.events().get(batch.events().size() - 1).event().timeNanos();
        return Duration.ofNanos(Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano() - newest));
    }

    private static Map<String, Object> reply(BatchVerifier.Position at, AuditKeys keys) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("lastSeq", at.lastSeq());
        reply.put("lastHash", at.lastHash());
        reply.put("lastDigestSeq", at.lastDigestSeq());
        reply.put(
                "keyIds",
                keys == null
                        ? List.of()
                        : keys.keys().stream().map(AuditKeys.Key::keyId).toList());
        return reply;
    }
}
