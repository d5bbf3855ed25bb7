package dev.warden.device;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a {@link FleetSimulator} run.
 *
 * @param devices    devices in the plan
 * @param connected  devices whose first connection succeeded
 * @param attempted  telemetry messages the connected devices tried to publish
 * @param published  messages completed: acknowledged by the gateway (QoS 1) or written (QoS 0)
 * @param failed     messages that failed or were still unacknowledged at the end
 * @param reconnects successful reconnects over all devices
 * @param p50        median PUBLISH-to-PUBACK latency (QoS 1; zero for QoS 0)
 * @param p99        99th percentile of the same
 * @param elapsed    wall time of the publishing phase
 * @param connectFailures devices that could not connect, by reason
 */
public record SimulationReport(
        int devices,
        int connected,
        long attempted,
        long published,
        long failed,
        long reconnects,
        Duration p50,
        Duration p99,
        Duration elapsed,
        Map<DeviceErrorReason, Integer> connectFailures) {

    public SimulationReport {
        connectFailures = Map.copyOf(connectFailures);
    }

    /** Published messages per second over the publishing phase. */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : published / seconds;
    }

    /** One line for a CLI or a log. */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "devices %d, connected %d, published %d/%d, failed %d, reconnects %d, p50 %.2f ms, p99 %.2f ms, "
                        + "%.0f msg/s over %.1f s%s",
                devices,
                connected,
                published,
                attempted,
                failed,
                reconnects,
                p50.toNanos() / 1e6,
                p99.toNanos() / 1e6,
                throughput(),
                elapsed.toNanos() / 1e9,
                connectFailures.isEmpty() ? "" : ", connect failures " + connectFailures);
    }
}
