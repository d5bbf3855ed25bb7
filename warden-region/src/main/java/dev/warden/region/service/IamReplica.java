package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.Pem;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Backoff;
import dev.warden.region.core.ChangeChain;
import dev.warden.region.core.ChangeEntry;
import dev.warden.region.core.Deployment;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.store.IamTables;
import dev.warden.region.store.RegionStore;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member region's copy of IAM: pulls the control region's change log over the link (a long poll, so that a change
 * arrives as soon as it is written), checks each entry's place in the chain, its hash and the control region's
 * signature, and applies it with its position in one transaction. Requests are decided locally from the copy; when
 * the control region is out of reach the copy keeps being enforced, and {@link #status()} says how stale it may be.
 */
public final class IamReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IamReplica.class);
    /**
     * How long one long poll waits for a change: short enough that an idle member refreshes its membership and notices
     * a dead link within seconds, long enough that an idle deployment costs one request per member every few seconds.
     */
    private static final Duration POLL = Duration.ofSeconds(5);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often the membership is refreshed from the control region (regions join and leave rarely). */
    private static final Duration MEMBERS_EVERY = Duration.ofSeconds(5);

    private final RegionStore store;
    private final Supplier<LinkClient> control;
    private final RegionEvents events;
    private final Runnable onApplied;
    private final Runnable refreshMembers;
    private Instant membersRefreshed = Instant.EPOCH;
    private final Clock clock;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile String lastError;
    private String lastRefusal;
    private Thread thread;

    /**
     * @param control   a client for the control region's link (built anew after membership changes)
     * @param onApplied      run after each applied batch: drops the caches built from the old IAM
     * @param refreshMembers run every few seconds: the membership, from the control region
     */
    public IamReplica(
            RegionStore store,
            Supplier<LinkClient> control,
            RegionEvents events,
            Runnable onApplied,
            Runnable refreshMembers,
            Clock clock) {
        this.store = store;
        this.control = control;
        this.events = events;
        this.onApplied = onApplied;
        this.refreshMembers = refreshMembers;
        this.clock = clock;
    }

    public IamReplica start() {
        running = true;
        thread = new Thread(this::loop, "warden-region-iam-replica");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public ReplicationStatus status() {
        Deployment d = store.deployment()
                .orElseThrow(() ->
                        new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "this region is not in a deployment"));
        boolean current = connected && d.appliedSeq() >= d.controlSeq();
        Duration staleness = current || d.lastContact().toEpochMilli() == 0
                ? Duration.ZERO
                : Duration.between(d.lastContact(), clock.instant());
        return new ReplicationStatus(d.appliedSeq(), d.controlSeq(), d.lastContact(), connected, staleness, lastError);
    }

    private void loop() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), MAX_BACKOFF);
        while (running) {
            try {
                pollOnce();
                backoff.succeeded();
            } catch (RegionException e) {
                if (connected || !e.getMessage().equals(lastError)) {
                    LOG.warn("IAM replication: {}", e.getMessage());
                }
                // A change refused for a name conflict came over a working link: the copy is stale, the link is not.
                connected = e.reason() == RegionReason.REGIONAL_NAME_CONFLICT;
                lastError = e.getMessage();
                sleep(backoff.failed());
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closed under a poll in flight: its database may be gone already
                }
                LOG.warn("IAM replication failed", e);
                connected = false;
                lastError = "internal error: " + e.getClass().getSimpleName();
                sleep(MAX_BACKOFF);
            }
        }
    }

    /** One long poll: what the control region wrote after our last applied change, applied. */
    void pollOnce() {
        Deployment d = store.deployment().orElse(null);
        if (d == null || d.isControl()) {
            sleep(Duration.ofSeconds(1));
            return;
        }
        if (Duration.between(membersRefreshed, clock.instant()).compareTo(MEMBERS_EVERY) >= 0) {
            refreshMembers.run();
            membersRefreshed = clock.instant();
        }
        JsonNode reply = control.get()
                .call(
                        LinkOperation.IAM_CHANGES,
                        "after=" + d.appliedSeq() + "&waitMs=" + POLL.toMillis(),
                        null,
                        POLL.plusSeconds(10));
        List<ChangeEntry> entries = new ArrayList<>();
        for (JsonNode e : reply.path("changes")) {
            entries.add(new ChangeEntry(
                    e.path("seq").asLong(),
                    e.path("prevHash").asText(),
                    e.path("hash").asText(),
                    e.path("body").asText(),
                    e.path("signature").asText(),
                    Instant.ofEpochMilli(e.path("createdAt").asLong())));
        }
        try {
            apply(d, entries);
        } catch (RegionException e) {
            if (e.reason() == RegionReason.REGIONAL_NAME_CONFLICT) {
                // The control region is reachable, but this copy is behind it until the conflict is resolved.
                store.contact(Math.max(reply.path("lastSeq").asLong(), d.appliedSeq()), d.lastContact());
            }
            throw e;
        }
        connected = true;
        lastError = null;
        store.contact(Math.max(reply.path("lastSeq").asLong(), d.appliedSeq()), clock.instant());
    }

    /**
     * Verifies and applies {@code entries} in order; a refused entry stops the batch and is audited. The entries applied
     * before it stay applied, and the caches are dropped for them.
     */
    void apply(Deployment d, List<ChangeEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        PublicKey key = Pem.parsePublicKey(d.iamPublicKey());
        long seq = d.appliedSeq();
        String hash = d.appliedHash();
        try {
            for (ChangeEntry entry : entries) {
                applyOne(key, seq, hash, entry);
                seq = entry.seq();
                hash = entry.hash();
            }
        } finally {
            if (seq > d.appliedSeq()) {
                onApplied.run();
                events.changesApplied(entries.get(0).seq(), seq);
            }
        }
    }

    private void applyOne(PublicKey key, long seq, String hash, ChangeEntry entry) {
        try {
            ChangeChain.verifyNext(seq, hash, entry, (h, s) -> ChangeSigner.verify(key, h, s));
            store.database().useTransaction(h -> {
                if (entry.seq() == 1) {
                    IamTables.clear(h);
                }
                IamTables.apply(h, ChangeBodies.read(entry.body()));
                store.applied(h, entry.seq(), entry.hash());
            });
        } catch (RegionException e) {
            refused(entry.seq(), e);
            throw e;
        }
    }

    /**
     * Audits a refused entry once: the same entry refused for the same reason on every retry (a name conflict waits
     * for the region's operators) is one event, not one every few seconds.
     */
    private void refused(long seq, RegionException e) {
        String refusal = seq + ":" + e.reason();
        if (!refusal.equals(lastRefusal)) {
            events.changeRefused(seq, e);
            lastRefusal = refusal;
        }
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
            try {
                // So that a change being applied is committed (or rolled back) before the node closes its database.
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
