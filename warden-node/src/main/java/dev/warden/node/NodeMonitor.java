package dev.warden.node;

import dev.warden.monitor.AlarmSink;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.TargetDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security monitoring: the detection engine on its own thread, fed by the gateway's and the admin API's events,
 * with the node's profiles installed. Pieces are kept as they are created, so that {@link #close} stops whatever a
 * failed start had opened.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private MonitorLoop loop;
    private final List<AlarmSink> watchers = new CopyOnWriteArrayList<>();

    NodeMonitor start(Clock clock) {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
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
                        Duration.ofSeconds(1),
                        65_536)
                .start();
        return this;
    }

    /** Where the node's producers hand their observations. */
    ObservationSink sink() {
        return loop == null ? ObservationSink.NONE : loop;
    }

    MonitorLoop loop() {
        return loop;
    }

    /** Also gives every batch of alarm transitions to {@code watcher}, on the monitor thread. */
    void watch(AlarmSink watcher) {
        watchers.add(watcher);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
