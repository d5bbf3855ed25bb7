package dev.warden.node;

import dev.warden.api.MonitorApi;
import dev.warden.audit.NodeAudit;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.alarms.AlarmBook;
import dev.warden.monitor.alarms.Suppressions;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.core.TargetDirectory;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.Mitigator;
import dev.warden.monitor.profiles.ProfileService;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security monitoring: the detection engine on its own thread, fed by the gateway's and the admin API's events, with
 * the node's stored profiles installed, its alarms going to the {@link AlarmBook}. At start it seeds the built-in
 * profile, and restores the active alarms and the learned baselines of the last run before the monitor thread
 * starts; it saves the baselines every minute on the node's scheduler and once more at close.
 *
 * <p>Pieces are kept as they are created, so that {@link #close} stops whatever a failed start had opened.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private static final Duration BASELINE_SAVES = Duration.ofMinutes(1);
    private static final Duration ENGINE_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Database database;
    private final NodeAudit audit;
    private final String region;
    private final String account;
    private final Mitigator mitigator;
    private final Clock clock;
    private MonitorLoop loop;
    private ProfileService profiles;
    private AlarmBook alarms;
    private Suppressions suppressions;

    /** @param mitigator runs the behaviours' automatic mitigations and operators' manual ones */
    NodeMonitor(Database database, NodeAudit audit, String region, String account, Mitigator mitigator, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.region = region;
        this.account = account;
        this.mitigator = mitigator;
        this.clock = clock;
    }

    NodeMonitor start(ScheduledExecutorService scheduler) {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        alarms = new AlarmBook(database, audit, region, account, mitigator, this::teach, clock);
        suppressions = new Suppressions(database, clock);
        profiles = new ProfileService(database, clock, this::install);
        if (profiles.seedBuiltIns()) {
            LOG.info("Stored the built-in security profile");
        }
        // Before the monitor thread starts, this thread alone touches the engine (Thread.start orders it after).
        List<SecurityProfile> active = profiles.active();
        engine.install(active);
        int restored = alarms.restore(engine, active, clock.millis());
        List<BaselineSnapshot> baselines = alarms.loadBaselines();
        baselines.forEach(engine::restoreBaseline);
        loop = new MonitorLoop(engine, alarms, clock, Duration.ofSeconds(1), 65_536).start();
        long every = BASELINE_SAVES.toSeconds();
        scheduler.scheduleWithFixedDelay(this::saveBaselines, every, every, TimeUnit.SECONDS);
        LOG.info(
                "Monitoring: {} security profiles, {} active alarms and {} learned baselines restored",
                active.size(),
                restored,
                baselines.size());
        return this;
    }

    /** The admin API's monitoring routes. */
    MonitorApi api() {
        return new MonitorApi(profiles, alarms, suppressions, this::thingDeleted);
    }

    /** Where the node's producers hand their observations. */
    ObservationSink sink() {
        return loop == null ? ObservationSink.NONE : loop;
    }

    MonitorLoop loop() {
        return loop;
    }

    /** Installs a committed profile set on the monitor thread; alarms of changed or removed behaviours go invalid. */
    private void install(List<SecurityProfile> active) {
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
        loop.call(e -> {
            e.learn(key, value);
            return null;
        });
    }

    /** A deleted thing: the engine forgets it first (so nothing new is raised for it), then its alarms go invalid. */
    private void thingDeleted(String thing) {
        TargetKey key = TargetKey.thing(thing);
        await(loop.call(e -> e.forget(key)), "forgetting thing " + thing);
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
    private static <T> T await(java.util.concurrent.CompletableFuture<T> call, String what) {
        try {
            return call.get(ENGINE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} on the monitor thread failed: {}", what, e.toString());
        }
        return null;
    }

    @Override
    public void close() {
        if (loop != null) {
            // While the thread still runs: what was learned since the last save survives the restart.
            saveBaselines();
            loop.close();
        }
    }
}
