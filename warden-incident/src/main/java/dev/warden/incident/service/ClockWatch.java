package dev.warden.incident.service;

import dev.warden.incident.core.ClockEvent;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.DeadlinePlan;
import dev.warden.incident.core.Incident;
import dev.warden.incident.store.IncidentDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires incident clocks on time: one timer per incident, set to its next warning or deadline, on its own thread so
 * nothing else on the node delays it. At start it reads every clock still owed from the tables, so a warning or a
 * breach that fell due while the node was down is recorded at once when it comes back (its {@code lateMs} says by
 * how much); after each change of an incident its timer is set again. What fires is written to the
 * audit trail first, then to the incident (its clock marked warned or breached), then to the listeners.
 */
public final class ClockWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);

    private final Database database;
    private final IncidentService incidents;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<Long, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final List<ClockListener> listeners = new CopyOnWriteArrayList<>();

    public ClockWatch(Database database, IncidentService incidents, Clock clock) {
        this.database = database;
        this.incidents = incidents;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "warden-incident-clocks");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    public void listen(ClockListener listener) {
        listeners.add(listener);
    }

    /** Fires what is owed now (what fell due during a stop) and sets the timers; returns how many incidents. */
    public int start() {
        incidents.watch(this::reschedule);
        List<Incident> pending = database.read(h -> new IncidentDao(h).withPendingClocks());
        for (Incident i : pending) {
            timer.execute(() -> fire(i.id()));
        }
        if (!pending.isEmpty()) {
            LOG.info("Incident clocks: {} incidents with clocks still running", pending.size());
        }
        return pending.size();
    }

    private void reschedule(Incident i) {
        ScheduledFuture<?> old = timers.remove(i.id());
        if (old != null) {
            old.cancel(false);
        }
        DeadlinePlan.next(i.deadlines()).ifPresent(at -> {
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            timers.put(i.id(), timer.schedule(() -> fire(i.id()), delay, TimeUnit.MILLISECONDS));
        });
    }

    /** Records every warning and breach owed by the incident now, then sets its timer to the next one. */
    private void fire(long id) {
        try {
            Incident current = incidents.get(id);
            Instant now = clock.instant();
            List<ClockEvent> owed = DeadlinePlan.owed(id, current.deadlines(), now);
            if (owed.isEmpty()) {
                reschedule(current);
                return;
            }
            List<Deadline> updated = new ArrayList<>(current.deadlines());
            for (ClockEvent e : owed) {
                int at = updated.indexOf(e.deadline());
                updated.set(
                        at,
                        e.kind() == ClockEvent.Kind.BREACH
                                ? e.deadline().breach(now)
                                : e.deadline().warned(now));
            }
            // The evidence first: a failure after it fires the clock again (a duplicate event), never a lost one.
            for (ClockEvent e : owed) {
                record(current, e, now);
            }
            Incident recorded = incidents.recordClocks(id, updated);
            for (ClockEvent e : owed) {
                tell(recorded, e, now);
            }
            incidents.told(recorded);
        } catch (RuntimeException e) {
            LOG.error("incident {}: firing its clocks failed; retrying in 5 s", id, e);
            timers.put(id, timer.schedule(() -> fire(id), 5, TimeUnit.SECONDS));
        }
    }

    private void record(Incident i, ClockEvent e, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("clock", e.deadline().clock());
        d.put("dueAt", e.deadline().dueAt());
        d.put("firedAt", now);
        d.put("lateMs", Math.max(0, Duration.between(e.dueAt(), now).toMillis()));
        d.put("severity", i.severity().id());
        d.put("phase", i.phase().id());
        String action =
                e.kind() == ClockEvent.Kind.BREACH ? IncidentAudit.DEADLINE_BREACHED : IncidentAudit.DEADLINE_WARNING;
        incidents.audit().record(i.id(), action, d);
    }

    private void tell(Incident i, ClockEvent e, Instant now) {
        for (ClockListener l : listeners) {
            try {
                l.fired(i, e, now);
            } catch (RuntimeException failure) {
                LOG.warn("incident {}: a clock listener failed", i.id(), failure);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
