package dev.warden.node;

import dev.warden.audit.NodeAudit;
import dev.warden.gateway.MqttGateway;
import dev.warden.monitor.AlarmSink;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.mitigation.Mitigator;
import dev.warden.monitor.taps.AdminEvents;
import dev.warden.monitor.taps.ReceivedMessages;
import dev.warden.node.config.WardenConfig;
import dev.warden.storage.Database;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security monitoring: the detection engine on its own thread, fed by the gateway's events (see
 * {@link NodeGateway}), the connections' delivery counters and the admin API's outcomes in the audit trail, with the
 * node's profiles installed. Off ({@code monitor: off}), nothing is observed and the sink drops everything. Pieces
 * are kept as they are created, so that {@link #close} stops whatever a failed start had opened.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private static final int QUEUE_CAPACITY = 262_144;
    private final WardenConfig.Monitor settings;
    private final java.util.List<AlarmSink> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private MonitorLoop loop;
    private MitigationService mitigations;

    NodeMonitor(WardenConfig.Monitor settings) {
        this.settings = settings;
    }

    NodeMonitor start(Database database, NodeAudit audit, Clock clock) {
        if (!settings.enabled()) {
            LOG.warn("Security monitoring is off (monitor: off): no alarm will be raised");
            return this;
        }
        DetectionEngine engine = new DetectionEngine(new RegistryTargetDirectory(database));
        engine.install(List.of(BuiltInProfiles.baseline()));
        loop = new MonitorLoop(
                        engine,
                        transitions -> {
                            transitions.forEach(t -> LOG.info(
                                    "alarm {} {} {}: {}",
                                    t.kind(),
                                    t.key().behaviour(),
                                    t.key().target(),
                                    t.detail()));
                            watchers.forEach(w -> w.onTransitions(transitions));
                        },
                        clock,
                        settings.evaluationInterval(),
                        QUEUE_CAPACITY)
                .start();
        audit.observe(new AdminEvents(loop));
        return this;
    }

    /** Polls deliveries per thing every second, and refreshes group and type memberships every minute. */
    void schedule(ScheduledExecutorService scheduler, MqttGateway gateway, Clock clock) {
        if (loop == null) {
            return;
        }
        ReceivedMessages received =
                new ReceivedMessages(() -> gateway.sessions().counters(), loop, clock);
        scheduler.scheduleAtFixedRate(quietly("received messages", received), 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(
                quietly(
                        "monitor memberships",
                        () -> loop.call(e -> {
                            e.refreshMemberships();
                            return null;
                        })),
                60,
                60,
                TimeUnit.SECONDS);
    }

    private static Runnable quietly(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed", what, e);
            }
        };
    }

    /** Where the node's producers hand their observations. */
    ObservationSink sink() {
        return loop == null ? ObservationSink.NONE : loop;
    }

    /** Also hands every datapoint's alarm transitions to {@code watcher} (the demo, tests), after recording them. */
    void watch(AlarmSink watcher) {
        watchers.add(watcher);
    }

    MonitorLoop loop() {
        return loop;
    }

    /**
     * Starts the mitigations once the registry and the gateway they act on are running: rows a stop interrupted are
     * recorded as failed, pending webhook deliveries resume.
     */
    NodeMonitor startMitigations(MitigationService service) {
        mitigations = service.start();
        return this;
    }

    /** Runs mitigations; refuses every one until {@link #startMitigations} (fail closed). */
    Mitigator mitigator() {
        return mitigations == null ? Mitigator.NONE : mitigations;
    }

    /** The mitigations' service, or null before {@link #startMitigations}. */
    MitigationService mitigations() {
        return mitigations;
    }

    /** Stops the loop first, so no automatic mitigation starts while the notifier stops. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        if (mitigations != null) {
            mitigations.close();
        }
    }
}
