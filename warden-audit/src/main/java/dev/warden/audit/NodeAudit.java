package dev.warden.audit;

/**
 * The node's entry point to its region's audit trail: builds events stamped with region, node and the current
 * actor, and sends them durably (admin actions) or without blocking (data plane, background work).
 */
public final class NodeAudit {
    private final AuditLog log;
    private final String node;
    /**
     * See every event recorded through this object (monitoring's admin metrics, compliance's change triggers); each
     * must return at once and never block.
     */
    private final java.util.List<java.util.function.Consumer<AuditEvent>> observers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /**
     * Hands every event recorded from now on to {@code o} as well (before the trail takes it), after the observers
     * added before it.
     */
    public void observe(java.util.function.Consumer<AuditEvent> o) {
        observers.add(java.util.Objects.requireNonNull(o, "observer"));
    }

    private void notifyObserver(AuditEvent event) {
        for (java.util.function.Consumer<AuditEvent> observer : observers) {
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                // An observer is never a reason not to record (the trail comes first), nor to skip the next one.
            }
        }
    }

    public boolean healthy() {
        return log.healthy();
    }

    public AuditLog log() {
        return log;
    }
}
