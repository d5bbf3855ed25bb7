package dev.warden.incident.service;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.core.ClockProfile;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.DeadlinePlan;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Phase;
import dev.warden.incident.core.PhaseMove;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import dev.warden.incident.core.Task;
import dev.warden.incident.store.IncidentDao;
import dev.warden.incident.store.TaskDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The lifecycle of incidents. Each change is one transaction on the incident tables followed by its event in the
 * audit trail (durable: the call returns once the chain has it), then the watchers are told (the clock watch
 * reschedules, the notifier speaks). Incidents of one node change under one lock, so two hands advancing the same
 * incident see each other's phase.
 */
public final class IncidentService {
    public static final int MAX_LIST = 500;

    private final Database database;
    private final IncidentAudit audit;
    private final ClockProfile clocks;
    private final Clock clock;
    private final List<Consumer<Incident>> watchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Incident>> openers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    public IncidentService(Database database, IncidentAudit audit, ClockProfile clocks, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clocks = clocks;
        this.clock = clock;
    }

    /** Tells {@code watcher} every incident after it changed (opened, advanced, its clocks fired). */
    public void watch(Consumer<Incident> watcher) {
        watchers.add(watcher);
    }

    /**
     * Tells {@code hook} every incident opened, after it is recorded, on the opening thread (the node hands it to
     * its incident thread: notifications and the playbook start there).
     */
    public void whenOpened(Consumer<Incident> hook) {
        openers.add(hook);
    }

    public IncidentAudit audit() {
        return audit;
    }

    public Incident open(OpenRequest r) {
        String title = r.title() == null ? "" : r.title().strip();
        if (title.isEmpty() || title.length() > OpenRequest.MAX_TITLE) {
            throw new IncidentException(
                    IncidentReason.INVALID_INCIDENT, "a title is 1-" + OpenRequest.MAX_TITLE + " characters");
        }
        Incident opened;
        synchronized (lock) {
            Instant now = clock.instant();
            Instant started = r.startedAt().filter(s -> !s.isAfter(now)).orElse(now);
            List<Deadline> deadlines = new ArrayList<>();
            clocks.clocks(r.severity(), r.cra()).forEach(spec -> deadlines.add(Deadline.start(spec, now)));
            opened = database.inTransaction(h -> {
                IncidentDao dao = new IncidentDao(h);
                Incident i = new Incident(
                        dao.nextId(),
                        title,
                        r.severity(),
                        Phase.DETECTED,
                        r.source(),
                        r.playbook(),
                        r.commander(),
                        r.cra(),
                        started,
                        now,
                        Optional.empty(),
                        Optional.empty(),
                        IncidentAudit.actor(),
                        deadlines,
                        r.members());
                dao.insert(i, now);
                return i;
            });
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("title", title);
            d.put("severity", r.severity().id());
            d.put("source", r.source().kind().id());
            d.put("sourceRef", r.source().ref());
            d.put("startedAt", started);
            d.put("playbook", r.playbook().orElse(null));
            d.put("cra", r.cra());
            d.put("members", describe(r.members()));
            audit.record(opened.id(), IncidentAudit.OPENED, d);
        }
        for (Consumer<Incident> hook : openers) {
            try {
                hook.accept(opened);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(IncidentService.class).warn("an incident-opened hook failed", e);
            }
        }
        return told(opened);
    }

    /** The open incident an alarm or finding opened already, if any: a source opens at most one at a time. */
    public Optional<Incident> openFrom(Source source) {
        return database.read(h -> new IncidentDao(h).openFrom(source));
    }

    public Incident get(long id) {
        return database.read(h -> new IncidentDao(h).find(id))
                .orElseThrow(() -> new IncidentException(IncidentReason.NO_SUCH_INCIDENT, "no incident " + id));
    }

    public List<Incident> list(boolean openOnly, long beforeId, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return database.read(h -> new IncidentDao(h).list(openOnly, beforeId <= 0 ? Long.MAX_VALUE : beforeId, n));
    }

    /** The figures the node's metrics serve. */
    public IncidentCounts counts() {
        return database.read(h -> new IncidentDao(h).counts());
    }

    public List<Incident> detectedBetween(Instant from, Instant to) {
        return database.read(h -> new IncidentDao(h).detectedBetween(from, to));
    }

    /**
     * Moves the incident to {@code target}: a phase (only forward; skipped phases count as reached now) or a CRA
     * milestone. A clock reached after its deadline is recorded as breached.
     */
    public Incident advance(long id, String target, String note) {
        boolean milestone = ClockProfile.isMilestone(target);
        Phase phase = milestone ? null : Phase.parse(target);
        return change(
                id,
                i -> {
                    if (milestone) {
                        Deadline d = i.deadline(target)
                                .orElseThrow(() -> new IncidentException(
                                        IncidentReason.INVALID_PHASE,
                                        "the incident has no " + target + " clock (open it with --cra)"));
                        if (d.reached()) {
                            throw new IncidentException(IncidentReason.PHASE_ORDER, target + " was reached already");
                        }
                        return i.withClocks(
                                i.phase(), DeadlinePlan.reachMilestone(i.deadlines(), target, clock.instant()));
                    }
                    PhaseMove.check(i.phase(), phase);
                    return i.withClocks(phase, DeadlinePlan.reach(i.deadlines(), phase, clock.instant()));
                },
                (before, after) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put(milestone ? "milestone" : "phase", target);
                    d.put("from", before.phase().id());
                    d.put("note", note);
                    List<String> late = new ArrayList<>();
                    for (Deadline dl : after.deadlines()) {
                        if (dl.reached()
                                && before.deadline(dl.clock())
                                        .map(b -> !b.reached())
                                        .orElse(false)) {
                            d.put(dl.clock() + ".dueAt", dl.dueAt());
                            if (dl.breached()) {
                                late.add(dl.clock());
                            }
                        }
                    }
                    d.put("late", String.join(",", late));
                    return Map.entry(milestone ? IncidentAudit.MILESTONE_REACHED : IncidentAudit.PHASE_REACHED, d);
                });
    }

    /** The on-call engineer has seen it: stops the escalation chain (the first acknowledgement counts). */
    public Incident acknowledge(long id) {
        return change(
                id,
                i -> i.acknowledged(clock.instant()),
                (b, a) -> Map.entry(
                        IncidentAudit.ACKNOWLEDGED,
                        Map.of(
                                "by",
                                IncidentAudit.actor(),
                                "first",
                                b.acknowledgedAt().isEmpty())));
    }

    /** Sets the commander and/or the severity (a re-triage), adds participants. */
    public Incident assign(
            long id, Optional<String> commander, Optional<Severity> severity, List<String> participants) {
        List<Member> added = new ArrayList<>();
        commander.ifPresent(c -> added.add(new Member(Member.Kind.PARTICIPANT, c)));
        participants.forEach(p -> added.add(new Member(Member.Kind.PARTICIPANT, p)));
        return change(
                id,
                i -> {
                    List<Member> members = new ArrayList<>(i.members());
                    added.stream().filter(m -> !members.contains(m)).forEach(members::add);
                    return i.withAssignment(severity.orElse(i.severity()), commander.or(i::commander), members);
                },
                (b, a) -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("commander", a.commander().orElse(null));
                    d.put("severity", a.severity().id());
                    d.put("previousSeverity", b.severity().id());
                    d.put("participants", String.join(",", participants));
                    return Map.entry(IncidentAudit.ASSIGNED, d);
                });
    }

    /** Adds affected things, certificates, principals, addresses, alarms or findings. */
    public Incident addMembers(long id, List<Member> members) {
        return change(
                id,
                i -> {
                    List<Member> all = new ArrayList<>(i.members());
                    members.stream().filter(m -> !all.contains(m)).forEach(all::add);
                    return i.withMembers(all);
                },
                (b, a) -> Map.entry(IncidentAudit.MEMBERS_ADDED, Map.of("members", describe(members))));
    }

    /** The first containment is the incident's containment time; later ones are recorded too, untimed. */
    public Incident contained(long id, Instant at, String how) {
        return change(id, i -> i.contained(at), (b, a) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("how", how);
            d.put("at", at);
            d.put("first", b.containedAt().isEmpty());
            d.put("sinceStartMs", at.toEpochMilli() - b.startedAt().toEpochMilli());
            return Map.entry(IncidentAudit.CONTAINED, d);
        });
    }

    public void note(long id, String text) {
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw new IncidentException(IncidentReason.INVALID_INCIDENT, "a note is 1-4000 characters");
        }
        get(id);
        audit.record(id, IncidentAudit.NOTE, Map.of("by", IncidentAudit.actor(), "text", text));
    }

    public Task addTask(long id, String title, String owner, Optional<Instant> dueAt) {
        if (title == null || title.isBlank() || title.length() > 200 || owner == null || owner.isBlank()) {
            throw new IncidentException(IncidentReason.INVALID_TASK, "a task has a title (1-200) and an owner");
        }
        synchronized (lock) {
            requireOpen(get(id));
            Task t = database.inTransaction(
                    h -> new TaskDao(h).insert(id, title.strip(), owner, dueAt, clock.instant()));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("taskId", t.id());
            d.put("title", t.title());
            d.put("owner", owner);
            d.put("dueAt", dueAt.orElse(null));
            audit.record(id, IncidentAudit.TASK_ADDED, d);
            return t;
        }
    }

    public Task completeTask(long id, long taskId) {
        synchronized (lock) {
            Task done = database.inTransaction(h -> {
                TaskDao dao = new TaskDao(h);
                Task t = dao.find(id, taskId)
                        .orElseThrow(() -> new IncidentException(
                                IncidentReason.NO_SUCH_TASK, "incident " + id + " has no task " + taskId));
                dao.markDone(id, taskId, clock.instant());
                return dao.find(id, taskId).orElse(t);
            });
            audit.record(id, IncidentAudit.TASK_DONE, Map.of("taskId", taskId, "by", IncidentAudit.actor()));
            return done;
        }
    }

    public List<Task> tasks(long id) {
        get(id);
        return database.read(h -> new TaskDao(h).list(id));
    }

    /** Writes the clocks' warnings and breaches recorded by the clock watch. */
    Incident recordClocks(long id, List<Deadline> deadlines) {
        Incident i;
        synchronized (lock) {
            Incident current = get(id);
            i = current.withClocks(current.phase(), deadlines);
            database.useTransaction(h -> new IncidentDao(h).update(i, clock.instant()));
        }
        return i;
    }

    /** One change: read, compute, write, then its audit event, then the watchers. */
    private Incident change(
            long id,
            java.util.function.UnaryOperator<Incident> compute,
            java.util.function.BiFunction<Incident, Incident, Map.Entry<String, ? extends Map<String, ?>>> event) {
        Incident after;
        synchronized (lock) {
            Incident before = get(id);
            after = compute.apply(before);
            Incident written = after;
            database.useTransaction(h -> {
                IncidentDao dao = new IncidentDao(h);
                dao.update(written, clock.instant());
                for (Member m : written.members()) {
                    if (!before.members().contains(m)) {
                        dao.addMember(id, m);
                    }
                }
            });
            Map.Entry<String, ? extends Map<String, ?>> e = event.apply(before, after);
            audit.record(id, e.getKey(), e.getValue());
        }
        return told(after);
    }

    private static void requireOpen(Incident i) {
        if (!i.open()) {
            throw new IncidentException(
                    IncidentReason.INCIDENT_CLOSED,
                    "incident " + i.id() + " is " + i.phase().id());
        }
    }

    Incident told(Incident i) {
        for (Consumer<Incident> w : watchers) {
            try {
                w.accept(i);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(IncidentService.class).warn("an incident watcher failed", e);
            }
        }
        return i;
    }

    private static String describe(List<Member> members) {
        List<String> out = new ArrayList<>();
        members.forEach(m -> out.add(m.kind().id() + ":" + m.value()));
        return String.join(",", out);
    }
}
