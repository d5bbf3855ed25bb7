package dev.warden.node;

import dev.warden.api.IncidentApi;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.incident.core.ClockProfile;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import dev.warden.incident.notify.IncidentNotifier;
import dev.warden.incident.oncall.OnCallService;
import dev.warden.incident.playbook.PlaybookContext;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.report.Impact;
import dev.warden.incident.service.ClockWatch;
import dev.warden.incident.service.IncidentAudit;
import dev.warden.incident.service.IncidentService;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.service.OpenRequest;
import dev.warden.incident.service.StatusPageService;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.Behaviour;
import dev.warden.monitor.core.MetricScope;
import dev.warden.monitor.core.TargetKey;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.incident.IncidentEvidence;
import dev.warden.node.incident.IncidentNotifications;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident response, wired: the incident service over the node's database and audit trail, the clock watch on its
 * own thread (started after the trail, so what fell due while the node was down is recorded at once), the status
 * page's updates, the timeline read back from the trail, and the bridge from monitoring: an alarm raised by a
 * behaviour marked {@code incident} opens an incident on the {@code warden-incident} thread (never on the monitor
 * thread, which must not wait for the trail), at most one open incident per alarm.
 */
final class NodeIncidents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIncidents.class);

    private final IncidentService incidents;
    private final StatusPageService statusPage;
    private final IncidentTimeline timeline;
    private final ClockWatch clocks;
    private final ExecutorService opener;
    private final Clock clock;
    private final Database database;
    private final OnCallService onCall;
    private final IncidentEvidence evidence;
    private volatile PlaybookRunner playbooks;
    private volatile dev.warden.incident.playbook.CustomPlaybooks customPlaybooks;
    /** The source addresses of a thing's live sessions (none until the gateway runs). */
    private volatile Function<String, List<String>> liveAddresses = thing -> List.of();

    private IncidentNotifier notifier;

    private NodeIncidents(
            Database database,
            IncidentService incidents,
            StatusPageService statusPage,
            IncidentTimeline timeline,
            ClockWatch clocks,
            OnCallService onCall,
            Clock clock) {
        this.database = database;
        this.onCall = onCall;
        this.evidence = new IncidentEvidence(incidents);
        this.incidents = incidents;
        this.statusPage = statusPage;
        this.timeline = timeline;
        this.clocks = clocks;
        this.clock = clock;
        this.opener = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-incident");
            t.setDaemon(true);
            return t;
        });
    }

    static NodeIncidents start(
            WardenConfig config, Database database, NodeAudit audit, AuditStore auditStore, Clock clock) {
        IncidentAudit arns = new IncidentAudit(audit, config.region(), config.account());
        IncidentService incidents = new IncidentService(database, arns, clockProfile(config), clock);
        ClockWatch clocks = new ClockWatch(database, incidents, clock);
        String schedule = config.incidents().oncallSchedule();
        return new NodeIncidents(
                database,
                incidents,
                new StatusPageService(database, incidents, clock),
                new IncidentTimeline(auditStore, arns),
                clocks,
                new OnCallService(database, clock, schedule.isBlank() ? Optional.empty() : Optional.of(schedule)),
                clock);
    }

    /**
     * Once the gateway runs (the playbooks act on it): notifications, then the clocks (what fell due while the node
     * was down is recorded and told now), pending playbook steps and deliveries resumed; from here on every opened
     * incident is announced and its playbook started on the incident thread.
     */
    void startResponse(
            WardenConfig config,
            PlaybookRunner runner,
            Function<String, byte[]> secrets,
            Function<String, List<String>> liveAddresses) {
        this.liveAddresses = liveAddresses;
        notifier = new IncidentNotifier(
                database,
                IncidentNotifications.settings(config.incidents()),
                onCall,
                onCall,
                this::acknowledgedAt,
                secrets,
                clock,
                evidence);
        IncidentNotifications notifications = new IncidentNotifications(notifier);
        clocks.listen(notifications);
        incidents.watch(notifications::changed);
        incidents.whenOpened(i -> opener.execute(() -> announce(i, notifications)));
        customPlaybooks = new dev.warden.incident.playbook.CustomPlaybooks(database, runner, clock);
        int custom = customPlaybooks.load();
        playbooks = runner;
        int running = clocks.start();
        int resumed = runner.resume().size();
        int deliveries = notifier.resume();
        LOG.info(
                "Incident response: {} incidents with clocks running, {} playbook runs and {} notifications resumed,"
                        + " {} playbooks of the operator's",
                running,
                resumed,
                deliveries,
                custom);
    }

    /** Open incidents by severity, and the totals, as Prometheus meters (one query each per 5 s at most). */
    void bindMetrics(dev.warden.node.metrics.NodeMetrics metrics) {
        java.util.function.Supplier<dev.warden.incident.service.IncidentCounts> counts =
                new dev.warden.node.metrics.Recent<>(incidents::counts, clock);
        metrics.incidents(s -> counts.get().openBySeverity().getOrDefault(s, 0L), counts);
    }

    /** Where playbook runs report (the incident's timeline); the runner is built with it. */
    IncidentEvidence evidence() {
        return evidence;
    }

    PlaybookRunner playbooks() {
        return playbooks;
    }

    dev.warden.incident.playbook.CustomPlaybooks customPlaybooks() {
        return customPlaybooks;
    }

    OnCallService onCall() {
        return onCall;
    }

    IncidentNotifier notifier() {
        return notifier;
    }

    private void announce(Incident i, IncidentNotifications notifications) {
        try {
            notifications.opened(i);
        } catch (RuntimeException e) {
            LOG.error("incident {}: announcing it failed", i.id(), e);
        }
        i.playbook().ifPresent(name -> {
            try {
                playbooks.start(i.id(), name, PlaybookContext.ofMembers(i.members()), i.openedBy());
            } catch (RuntimeException e) {
                LOG.error("incident {}: starting playbook {} failed", i.id(), name, e);
                incidents.note(i.id(), "Playbook " + name + " did not start: " + e.getMessage());
            }
        });
    }

    /** Taken on: acknowledged, triaged, or closed; the escalation chain stops there. */
    private Optional<Instant> acknowledgedAt(long id) {
        Incident i = incidents.get(id);
        if (i.acknowledgedAt().isPresent()) {
            return i.acknowledgedAt();
        }
        Optional<Instant> triaged = i.reached(dev.warden.incident.core.Phase.TRIAGED);
        return triaged.isPresent() ? triaged : i.reached(dev.warden.incident.core.Phase.CLOSED);
    }

    private static ClockProfile clockProfile(WardenConfig config) {
        Map<Severity, String> overrides = new EnumMap<>(Severity.class);
        config.incidents().clocks().forEach((sev, written) -> overrides.put(Severity.parse(sev), written));
        return ClockProfile.withOverrides(overrides);
    }

    /** The incident routes; the post-mortem's impact counts the affected things' stored messages (never opened). */
    IncidentApi api(TelemetryStore telemetry, dev.warden.compliance.engine.ComplianceService compliance) {
        return new IncidentApi(
                incidents, statusPage, timeline, i -> impact(i, telemetry), id -> finding(compliance, id), clock);
    }

    /** The same services for the console's incidents' pages (the post-mortem's impact counted as for the API). */
    dev.warden.console.IncidentServices console(TelemetryStore telemetry) {
        return new dev.warden.console.IncidentServices(
                incidents, timeline, statusPage, i -> impact(i, telemetry), this::playbooks);
    }

    private static Optional<dev.warden.incident.service.LinkedFinding> finding(
            dev.warden.compliance.engine.ComplianceService compliance, long id) {
        try {
            dev.warden.compliance.core.StoredFinding f = compliance.finding(id);
            return Optional.of(new dev.warden.incident.service.LinkedFinding(
                    f.id(),
                    f.finding().check().name(),
                    f.finding().resourceArn(),
                    f.finding().severity().id(),
                    f.finding().detail()));
        } catch (dev.warden.compliance.ComplianceException e) {
            return Optional.empty();
        }
    }

    /** Things affected, their messages stored between the first sign and the close (or now), from segment headers. */
    private Impact impact(Incident i, TelemetryStore telemetry) {
        Instant to = i.reached(dev.warden.incident.core.Phase.CLOSED).orElse(clock.instant());
        long messages = 0;
        List<String> touched = new ArrayList<>();
        for (String thing : i.members(Member.Kind.THING)) {
            long n = telemetry.storedSegments(thing, i.startedAt(), to, 10_000).stream()
                    .mapToLong(s -> s.messages())
                    .sum();
            messages += n;
            if (n > 0) {
                touched.add("telemetry of " + thing + ": " + n + " messages, encrypted at rest under its own key");
            }
        }
        return new Impact(i.members(Member.Kind.THING).size(), messages, touched);
    }

    IncidentService incidents() {
        return incidents;
    }

    /** What the public status page shows, read at most every few seconds whatever the request rate. */
    java.util.function.Supplier<List<dev.warden.incident.report.PublicIncident>> publicStatus() {
        return new dev.warden.node.metrics.Recent<>(
                () -> statusPage.shown().stream()
                        .map(dev.warden.incident.report.PublicIncident::from)
                        .toList(),
                clock);
    }

    IncidentTimeline timeline() {
        return timeline;
    }

    ClockWatch clocks() {
        return clocks;
    }

    /** Monitoring's alarm watcher: hands marked alarms to the incident thread at once. */
    void onAlarms(List<AlarmTransition> transitions) {
        for (AlarmTransition t : transitions) {
            if (t.kind() == AlarmTransition.Kind.RAISED
                    && t.behaviour().incident().isPresent()) {
                opener.execute(() -> openFromAlarm(t));
            }
        }
    }

    private void openFromAlarm(AlarmTransition t) {
        try {
            Behaviour.IncidentMark mark = t.behaviour().incident().orElseThrow();
            Source source = new Source(
                    Source.Kind.ALARM,
                    t.key().profile() + "/" + t.key().behaviour() + "/"
                            + t.key().target());
            if (incidents.openFrom(source).isPresent()) {
                return;
            }
            incidents.open(new OpenRequest(
                    t.behaviour().name() + " on " + t.key().target().name(),
                    Severity.parse(mark.severity()),
                    source,
                    Optional.of(Instant.ofEpochMilli(t.observedAtMillis())),
                    members(t.key().target(), liveAddresses),
                    mark.playbook(),
                    Optional.empty(),
                    false));
        } catch (RuntimeException e) {
            LOG.error("opening an incident for alarm {} failed", t.key(), e);
        }
    }

    /** A thing's incident names the addresses it is connected from now: what a ban step would act on. */
    private static List<Member> members(TargetKey target, Function<String, List<String>> liveAddresses) {
        List<Member> out = new ArrayList<>();
        if (target.scope() == MetricScope.THING) {
            out.add(new Member(Member.Kind.THING, target.name()));
            try {
                liveAddresses.apply(target.name()).forEach(a -> out.add(new Member(Member.Kind.ADDRESS, a)));
            } catch (RuntimeException e) {
                // The gateway stopping under us: the incident opens without them, its thing is what matters.
                LOG.debug("live addresses of {} not read: {}", target.name(), e.toString());
            }
        } else if (target.scope() == MetricScope.SOURCE_IP) {
            out.add(new Member(Member.Kind.ADDRESS, target.name()));
        } else {
            // Monitoring names a principal type:id (user:alice); playbooks and IAM say user/alice.
            out.add(new Member(Member.Kind.PRINCIPAL, target.name().replaceFirst(":", "/")));
        }
        return out;
    }

    @Override
    public void close() {
        opener.shutdown();
        try {
            opener.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clocks.close();
        if (notifier != null) {
            notifier.close();
        }
    }
}
