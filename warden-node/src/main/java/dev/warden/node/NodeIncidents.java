package dev.warden.node;

import dev.warden.api.IncidentApi;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.incident.core.ClockProfile;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
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
import dev.warden.storage.Database;
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
import java.util.function.Consumer;
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
    private final List<Consumer<Incident>> openedHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private NodeIncidents(
            IncidentService incidents,
            StatusPageService statusPage,
            IncidentTimeline timeline,
            ClockWatch clocks,
            Clock clock) {
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
        NodeIncidents node = new NodeIncidents(
                incidents,
                new StatusPageService(database, incidents, clock),
                new IncidentTimeline(auditStore, arns),
                clocks,
                clock);
        int running = clocks.start();
        LOG.info("Incident response: {} incidents with clocks running", running);
        return node;
    }

    private static ClockProfile clockProfile(WardenConfig config) {
        Map<Severity, String> overrides = new EnumMap<>(Severity.class);
        config.incidents().clocks().forEach((sev, written) -> overrides.put(Severity.parse(sev), written));
        return ClockProfile.withOverrides(overrides);
    }

    IncidentApi api() {
        return new IncidentApi(incidents, statusPage, timeline, clock);
    }

    IncidentService incidents() {
        return incidents;
    }

    StatusPageService statusPage() {
        return statusPage;
    }

    IncidentTimeline timeline() {
        return timeline;
    }

    ClockWatch clocks() {
        return clocks;
    }

    /** Runs {@code hook} on the incident thread for every incident opened from an alarm (the playbooks start it). */
    void whenOpenedFromAlarm(Consumer<Incident> hook) {
        openedHooks.add(hook);
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
            Incident opened = incidents.open(new OpenRequest(
                    t.behaviour().name() + " on " + t.key().target().name(),
                    Severity.parse(mark.severity()),
                    source,
                    Optional.of(Instant.ofEpochMilli(t.observedAtMillis())),
                    members(t.key().target()),
                    mark.playbook(),
                    Optional.empty(),
                    false));
            for (Consumer<Incident> hook : openedHooks) {
                hook.accept(opened);
            }
        } catch (RuntimeException e) {
            LOG.error("opening an incident for alarm {} failed", t.key(), e);
        }
    }

    private static List<Member> members(TargetKey target) {
        List<Member> out = new ArrayList<>();
        if (target.scope() == MetricScope.THING) {
            out.add(new Member(Member.Kind.THING, target.name()));
        } else if (target.scope() == MetricScope.SOURCE_IP) {
            out.add(new Member(Member.Kind.ADDRESS, target.name()));
        } else {
            out.add(new Member(Member.Kind.PRINCIPAL, target.name()));
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
    }
}
