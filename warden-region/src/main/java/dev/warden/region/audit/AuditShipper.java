package dev.warden.region.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.EventCanonicalForm;
import dev.warden.audit.store.AuditStore;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Backoff;
import dev.warden.region.core.Deployment;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.store.RegionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member region's side of central audit, on its own thread: asks the audit region where its copy of this region's
 * chain ends (nothing is kept here that the audit region can be asked), then sends what follows from the local trail
 * in bounded batches, polling the trail every {@link #POLL} so that an event reaches the audit region within a second
 * of its commit. A refusal is logged, recorded in this region's trail once per distinct refusal, reported by
 * {@link #status()}, and retried with a growing pause (a refusal rarely heals by itself; a cut link does).
 */
public final class AuditShipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditShipper.class);
    static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Events per batch, and a bound on their size well under the link's 1 MiB request limit. */
    static final int MAX_EVENTS = 500;

    private static final int MAX_BYTES = 512 * 1024;
    private static final int MAX_DIGESTS = 200;

    private final String region;
    private final AuditStore trail;
    private final Supplier<AuditKeys> keys;
    private final RegionStore regions;
    private final Function<String, LinkClient> clients;
    private final CentralAuditEvents events;
    private final Clock clock;
    private volatile boolean running;
    private volatile Acked acked;
    /** The audit region's end as last heard, kept for the status while {@link #acked} is being asked again. */
    private volatile long lastAckedSeq;

    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant lastShippedAt;
    private String lastReported;
    private Thread thread;

    /** The audit region's copy as it last said: its end, its last checkpoint and the keys it pinned. */
    private record Acked(String auditRegion, long lastSeq, String lastHash, long lastDigestSeq, Set<String> keyIds) {
        static Acked of(String auditRegion, JsonNode reply) {
            Set<String> ids = new HashSet<>();
            reply.path("keyIds").forEach(id -> ids.add(id.asText()));
            return new Acked(
                    auditRegion,
                    reply.path("lastSeq").asLong(),
                    reply.path("lastHash").asText(),
                    reply.path("lastDigestSeq").asLong(),
                    ids);
        }
    }

    /**
     * @param keys    this region's audit-signing key list (public), sent when a checkpoint names a key not pinned yet
     * @param clients a link client for a member region, by name
     */
    public AuditShipper(
            String region,
            AuditStore trail,
            Supplier<AuditKeys> keys,
            RegionStore regions,
            Function<String, LinkClient> clients,
            CentralAuditEvents events,
            Clock clock) {
        this.region = region;
        this.trail = trail;
        this.keys = keys;
        this.regions = regions;
        this.clients = clients;
        this.events = events;
        this.clock = clock;
    }

    public AuditShipper start() {
        running = true;
        thread = new Thread(this::loop, "warden-region-audit-shipper");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Empty while this node is in no deployment or is the audit region itself. */
    public java.util.Optional<ShippingStatus> status() {
        Deployment d = regions.deployment().orElse(null);
        if (d == null || d.auditRegion().equals(region)) {
            return java.util.Optional.empty();
        }
        long shipped = lastAckedSeq;
        long local = trail.head(region).lastSeq();
        Duration lag = Duration.ZERO;
        if (local > shipped) {
            long oldest = trail.timeAt(region, shipped + 1).orElse(nowNanos());
            lag = Duration.ofNanos(Math.max(0, nowNanos() - oldest));
        }
        return java.util.Optional.of(
                new ShippingStatus(d.auditRegion(), shipped, local, lag, connected, lastShippedAt, lastError));
    }

    private void loop() {
        Backoff backoff = new Backoff(POLL, MAX_BACKOFF);
        while (running) {
            try {
                boolean more = shipOnce();
                connected = true;
                lastError = null;
                backoff.succeeded();
                if (!more) {
                    sleep(POLL);
                }
            } catch (RegionException e) {
                failed(e);
                sleep(backoff.failed());
            } catch (RuntimeException e) {
                LOG.warn("central audit: shipping failed", e);
                acked = null;
                lastError = "internal error: " + e.getClass().getSimpleName();
                sleep(MAX_BACKOFF);
            }
        }
    }

    /** Ships the next batch, if any; true when more is waiting. */
    boolean shipOnce() {
        Deployment d = regions.deployment().orElse(null);
        if (d == null || d.auditRegion().equals(region)) {
            acked = null;
            sleep(Duration.ofSeconds(1));
            return false;
        }
        Acked at = acked;
        if (at == null || !at.auditRegion().equals(d.auditRegion())) {
            at = askPosition(d.auditRegion());
            acked = at;
            lastAckedSeq = at.lastSeq();
        }
        AuditBatch batch = nextBatch(at);
        if (batch.isEmpty()) {
            return false;
        }
        JsonNode reply =
                clients.apply(at.auditRegion()).call(LinkOperation.AUDIT_BATCH, "", batch.toJson(), CALL_TIMEOUT);
        acked = Acked.of(at.auditRegion(), reply);
        lastAckedSeq = acked.lastSeq();
        lastShippedAt = clock.instant();
        lastReported = null;
        return batch.events().size() == MAX_EVENTS;
    }

    /** The audit region's end of this chain, checked against the local trail: a copy that diverges is not extended. */
    private Acked askPosition(String auditRegion) {
        Acked at = Acked.of(
                auditRegion, clients.apply(auditRegion).call(LinkOperation.AUDIT_POSITION, "", null, CALL_TIMEOUT));
        if (at.lastSeq() > 0
                && !trail.hashAt(region, at.lastSeq())
                        .map(at.lastHash()::equals)
                        .orElse(false)) {
            throw new RegionException(
                    RegionReason.AUDIT_OUT_OF_ORDER,
                    "the audit region's copy of " + region + " ends at seq " + at.lastSeq()
                            + ", which this region's trail does not hold with that hash");
        }
        return at;
    }

    /** The events after the acknowledged end (bounded), and the checkpoints that cover only what is then shipped. */
    private AuditBatch nextBatch(Acked at) {
        List<ChainedEvent> batch = new ArrayList<>();
        trail.forEach(region, at.lastSeq() + 1, at.lastSeq() + MAX_EVENTS, events -> {
            long bytes = 0;
            while (events.hasNext() && bytes < MAX_BYTES) {
                ChainedEvent e = events.next();
                MetadataOnly.require(e);
                batch.add(e);
                bytes += EventCanonicalForm.of(e.event()).length + 300;
            }
        });
        long lastSeq =
                batch.isEmpty() ? at.lastSeq() : batch.get(batch.size() - 1).seq();
        List<AuditDigest> digests = new ArrayList<>();
        for (AuditDigest d : trail.digestsAfter(region, at.lastDigestSeq(), MAX_DIGESTS)) {
            if (d.toSeq() > lastSeq) {
                break;
            }
            digests.add(d);
        }
        boolean newKey = digests.stream().anyMatch(d -> !at.keyIds().contains(d.keyId()));
        return new AuditBatch(batch, digests, newKey ? keys.get() : null);
    }

    private void failed(RegionException e) {
        boolean unreachable = LinkClient.unreachable(e);
        connected = !unreachable;
        acked = null;
        String report = e.reason() + " " + e.getMessage();
        if (!report.equals(lastReported)) {
            lastReported = report;
            LOG.warn("central audit: {}", e.getMessage());
            if (!unreachable) {
                Deployment d = regions.deployment().orElse(null);
                try {
                    events.shipRefused(
                            region,
                            d == null ? "-" : d.auditRegion(),
                            trail.head(region).lastSeq(),
                            e);
                } catch (RuntimeException auditFailure) {
                    LOG.warn("central audit: the refusal could not be recorded: {}", auditFailure.getMessage());
                }
            }
        }
        // Shown in the status only once the refusal is in the trail: whoever sees the error finds its record.
        lastError = e.getMessage();
    }

    private long nowNanos() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
