package dev.warden.node;

import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.TargetDirectory;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.mitigation.Mitigator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    private MitigationService mitigations;

    NodeMonitor start(Clock clock) {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        engine.install(List.of(BuiltInProfiles.baseline()));
        loop = new MonitorLoop(
                        engine,
                        transitions -> transitions.forEach(t -> LOG.info(
                                "alarm {} {} {}: {}",
                                t.kind(),
                                t.key().behaviour(),
                                t.key().target(),
                                t.detail())),
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
