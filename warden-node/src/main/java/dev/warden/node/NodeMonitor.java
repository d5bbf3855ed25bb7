package dev.warden.node;

import dev.warden.api.MonitorApi;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.MqttGateway;
import dev.warden.monitor.AlarmSink;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.alarms.AlarmBook;
import dev.warden.monitor.alarms.Suppressions;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationRequest;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.mitigation.Mitigator;
import dev.warden.monitor.profiles.ProfileService;
import dev.warden.monitor.taps.AdminEvents;
import dev.warden.monitor.taps.ReceivedMessages;
import dev.warden.node.config.WardenConfig;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security monitoring: the detection engine on its own thread, fed by the gateway's events (see
 * {@link NodeGateway}), the connections' delivery counters and the admin API's outcomes in the audit trail, with the
 * node's stored profiles installed and its alarms going to the {@link AlarmBook}, which runs their automatic
 * mitigations. At start it seeds the built-in profile and restores the active alarms and learned baselines of the
 * last run before the monitor thread starts; it saves the baselines every minute and once more at close. Off
 * ({@code monitor: off}), profiles and alarms can still be managed, but nothing is observed.
 *
 * <p>Pieces are kept as they are created, so that {@link #close} stops whatever a failed start had opened.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private static final int QUEUE_CAPACITY = 262_144;
    private static final Duration BASELINE_SAVES = Duration.ofMinutes(1);
    private static final Duration ENGINE_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final WardenConfig.Monitor settings;
    private final Database database;
    private final NodeAudit audit;
    private final String region;
    private final String account;
    private final Clock clock;
    private final List<AlarmSink> watchers = new CopyOnWriteArrayList<>();
    private MonitorLoop loop;
    private ProfileService profiles;
    private AlarmBook alarms;
    private Suppressions suppressions;
    private MitigationService mitigations;

    NodeMonitor(
            WardenConfig.Monitor settings,
            Database database,
            NodeAudit audit,
            String region,
            String account,
            Clock clock) {
        this.settings = settings;
        this.database = database;
        this.audit = audit;
        this.region = region;
        this.account = account;
        this.clock = clock;
    }

    NodeMonitor start(ScheduledExecutorService scheduler) {
        // Mitigations start after the gateway they act on: until then every one is refused (fail closed).
        alarms = new AlarmBook(database, audit, region, account, this::mitigate, this::teach, clock);
        suppressions = new Suppressions(database, clock);
        profiles = new ProfileService(database, clock, this::install);
        if (profiles.seedBuiltIns()) {
            LOG.info("Stored the built-in security profile");
        } else {
            switch (profiles.upgradeBuiltIns()) {
                case UPGRADED -> {
                    LOG.info("Upgraded the built-in security profile to this version's behaviours");
                    audit.record(audit.event("monitor:UpdateSecurityProfile")
                            .principal(dev.warden.audit.AuditPrincipal.SYSTEM)
                            .resource(dev.warden.policy.Arn.of(
                                            "monitor", region, account, "securityprofile/" + BuiltInProfiles.BASELINE)
                                    .toString())
                            .result(dev.warden.audit.AuditResult.ALLOW)
                            .detail("reason", "the built-in profile of this version"));
                }
                case KEPT_OPERATOR_CHANGES ->
                    LOG.warn("The built-in security profile was changed by an operator:"
                            + " this version's built-in behaviours are not applied (see warden monitor profile show"
                            + " warden-baseline)");
                case CURRENT -> {}
            }
        }
        if (!settings.enabled()) {
            LOG.warn("Security monitoring is off (monitor: off): no alarm will be raised");
            return this;
        }
        DetectionEngine engine = new DetectionEngine(new RegistryTargetDirectory(database));
        // Before the monitor thread starts, this thread alone touches the engine (Thread.start orders it after).
        List<SecurityProfile> active = profiles.active();
        engine.install(active);
        int restored = alarms.restore(engine, active, clock.millis());
        List<BaselineSnapshot> baselines = alarms.loadBaselines();
        baselines.forEach(engine::restoreBaseline);
        loop = new MonitorLoop(engine, this::onTransitions, clock, settings.evaluationInterval(), QUEUE_CAPACITY)
                .start();
        audit.observe(new AdminEvents(loop));
        long every = BASELINE_SAVES.toSeconds();
        scheduler.scheduleWithFixedDelay(this::saveBaselines, every, every, TimeUnit.SECONDS);
        LOG.info(
                "Monitoring: {} security profiles, {} active alarms and {} learned baselines restored",
                active.size(),
                restored,
                baselines.size());
        return this;
    }

    private void onTransitions(List<AlarmTransition> transitions) {
        alarms.onTransitions(transitions);
        for (AlarmSink w : watchers) {
            try {
                w.onTransitions(transitions);
            } catch (RuntimeException e) {
                LOG.warn("an alarm watcher failed", e);
            }
        }
    }

    /** Polls deliveries per thing every second, and refreshes group and type memberships every minute. */
    void schedule(ScheduledExecutorService scheduler, MqttGateway gateway) {
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

    /**
     * Active alarms by severity and mitigations by action as Prometheus meters. A scrape reads them from the
     * database at most every few seconds (one grouped count each), whatever the scrape rate.
     */
    void bindMetrics(dev.warden.node.metrics.NodeMetrics metrics) {
        java.util.function.Supplier<java.util.Map<String, Long>> active = recent(() -> alarms.activeBySeverity());
        metrics.alarmsActive(s -> active.get().getOrDefault(s.id(), 0L));
        java.util.function.Supplier<java.util.Map<String, Long>> runs =
                recent(() -> mitigations == null ? java.util.Map.of() : mitigations.countsByAction());
        metrics.mitigations(a -> runs.get().getOrDefault(a.id(), 0L));
    }

    private <T> java.util.function.Supplier<T> recent(java.util.function.Supplier<T> source) {
        return new dev.warden.node.metrics.Recent<>(source, clock);
    }

    /** Active alarms per severity, for the console's overview. */
    java.util.Map<String, Long> activeAlarmsBySeverity() {
        return alarms.activeBySeverity();
    }

    /** The alarm book, suppressions and profiles, as {@link #api()} gets them (for the console's Monitoring pages). */
    AlarmBook alarms() {
        return alarms;
    }

    Suppressions suppressions() {
        return suppressions;
    }

    ProfileService profiles() {
        return profiles;
    }

    /** The admin API's monitoring routes. */
    MonitorApi api() {
        return new MonitorApi(profiles, alarms, suppressions, this::thingDeleted, () -> mitigations);
    }

    /** Where the node's producers hand their observations. */
    ObservationSink sink() {
        return loop == null ? ObservationSink.NONE : loop;
    }

    MonitorLoop loop() {
        return loop;
    }

    /** Also hands every datapoint's alarm transitions to {@code watcher} (the demo, tests), after recording them. */
    void watch(AlarmSink watcher) {
        watchers.add(watcher);
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

    private long mitigate(MitigationRequest request) {
        return mitigator().run(request);
    }

    /** Installs a committed profile set on the monitor thread; alarms of changed or removed behaviours go invalid. */
    private void install(List<SecurityProfile> active) {
        if (loop == null) {
            return;
        }
        loop.call(e -> e.install(active)).whenComplete((gone, failure) -> {
            if (failure != null) {
                LOG.error("installing the security profiles failed", failure);
                return;
            }
            try {
                alarms.invalidate(gone, "its behaviour was changed or removed");
            } catch (RuntimeException e) {
                LOG.error("invalidating the alarms of changed behaviours failed", e);
            }
        });
    }

    private void teach(AlarmKey key, double value) {
        if (loop != null) {
            loop.call(e -> {
                e.learn(key, value);
                return null;
            });
        }
    }

    /** A deleted thing: the engine forgets it first (so nothing new is raised for it), then its alarms go invalid. */
    private void thingDeleted(String thing) {
        TargetKey key = TargetKey.thing(thing);
        if (loop != null) {
            await(loop.call(e -> e.forget(key)), "forgetting thing " + thing);
        }
        alarms.invalidateTarget(key, "the thing was deleted");
    }

    private void saveBaselines() {
        try {
            List<BaselineSnapshot> baselines = await(loop.call(DetectionEngine::baselines), "reading baselines");
            if (baselines != null) {
                alarms.saveBaselines(baselines);
            }
        } catch (RuntimeException e) {
            LOG.error("saving the learned baselines failed", e);
        }
    }

    /** The result of an engine call, or null (logged) when the monitor thread did not answer in time. */
    private static <T> T await(CompletableFuture<T> call, String what) {
        try {
            return call.get(ENGINE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} on the monitor thread failed: {}", what, e.toString());
        }
        return null;
    }

    /** Saves what was learned, stops the loop, then the mitigations (no automatic one starts while they stop). */
    @Override
    public void close() {
        if (loop != null) {
            // While the thread still runs: what was learned since the last save survives the restart.
            saveBaselines();
            loop.close();
        }
        if (mitigations != null) {
            mitigations.close();
        }
    }
}
