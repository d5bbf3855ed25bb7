package dev.warden.audit;

/**
 * The node's entry point to its region's audit trail: builds events stamped with region, node and the current
 * actor, and sends them durably (admin actions) or without blocking (data plane, background work).
 */
public final class NodeAudit {
    private final AuditLog log;
    private final String node;
    /** Sees every event recorded through this object (monitoring's admin metrics); must not block. */
    private volatile java.util.function.Consumer<AuditEvent> observer = e -> {};

    public NodeAudit(AuditLog log, String node) {
        this.log = log;
        this.node = node;
    }

    /** A new event for the current actor (see {@link AuditScope}). */
    public AuditEvent.Builder event(String action) {
        AuditScope.Actor actor = AuditScope.current();
        return AuditEvent.builder(log.region(), node)
                .action(action)
                .principal(actor.principal())
                .sourceIp(actor.sourceIp())
                .requestId(actor.requestId());
    }

    /** Returns once the event is committed; throws {@link dev.warden.audit.AuditUnavailableException} otherwise. */
    public long recordDurable(AuditEvent.Builder event) {
        AuditEvent built = event.build(log.now());
        notifyObserver(built);
        return log.recordDurable(built);
    }

    /** Queues the event without blocking; a full queue drops it and counts the drop. */
    public void record(AuditEvent.Builder event) {
        AuditEvent built = event.build(log.now());
        notifyObserver(built);
        log.record(built);
    }

    /** Hands every event recorded from now on to {@code o} as well (before the trail takes it). */
    public void observe(java.util.function.Consumer<AuditEvent> o) {
        this.observer = o;
    }

    private void notifyObserver(AuditEvent event) {
        try {
            observer.accept(event);
        } catch (RuntimeException e) {
            // An observer is never a reason not to record: the trail comes first.
        }
    }

    public boolean healthy() {
        return log.healthy();
    }

    public AuditLog log() {
        return log;
    }
}
