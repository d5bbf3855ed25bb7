package dev.warden.incident.service;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore;
import dev.warden.incident.core.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's timeline, read back from the region's audit trail: every event on the incident's ARN (its own
 * changes, clocks, playbook steps, notifications, and the admin calls made on it, allowed or denied), in chain
 * order, and the signed digests that cover them, which is what makes the timeline evidence.
 */
public final class IncidentTimeline {
    private static final Duration OPENING_MARGIN = Duration.ofMinutes(1);

    private final AuditStore store;
    private final IncidentAudit arns;

    public IncidentTimeline(AuditStore store, IncidentAudit arns) {
        this.store = store;
        this.arns = arns;
    }

    /** The incident's proof: its first and last event in the chain and the signed digests over that range. */
    public record Proof(long firstSeq, long lastSeq, List<AuditDigest> digests, boolean complete) {}

    /**
     * The incident's events. The trail is read from shortly before the incident opened (the admin call that opened
     * it is recorded just before it), through the trail's time index: a timeline never scans the events of the
     * years before its incident.
     */
    public List<ChainedEvent> events(Incident incident) {
        Instant from = incident.detectedAt().minus(OPENING_MARGIN);
        Long fromNanos = from.getEpochSecond() * 1_000_000_000L + from.getNano();
        List<ChainedEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<ChainedEvent> page = store.query(new AuditQuery(
                    arns.region(),
                    null,
                    null,
                    arns.arn(incident.id()),
                    null,
                    fromNanos,
                    null,
                    after,
                    AuditQuery.MAX_LIMIT));
            all.addAll(page);
            if (page.size() < AuditQuery.MAX_LIMIT) {
                return all;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /**
     * The digests whose ranges meet the incident's events; {@code complete} once the newest event is inside a signed
     * digest (until the next checkpoint, the newest events are chained but not yet signed).
     */
    public Proof proof(List<ChainedEvent> events) {
        if (events.isEmpty()) {
            return new Proof(0, 0, List.of(), false);
        }
        long first = events.get(0).seq();
        long last = events.get(events.size() - 1).seq();
        List<AuditDigest> covering = store.digests(arns.region()).stream()
                .filter(d -> d.toSeq() >= first && d.fromSeq() <= last)
                .toList();
        boolean complete = covering.stream().anyMatch(d -> d.toSeq() >= last);
        return new Proof(first, last, covering, complete);
    }
}
