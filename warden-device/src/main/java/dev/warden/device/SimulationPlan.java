package dev.warden.device;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FleetSimulator} run does: {@code devices} devices, each publishing {@code messagesPerSecond}
 * telemetry messages of {@code payloadBytes} bytes for {@code duration} (the shape of
 * {@code warden device simulate --count N --rate R --duration D}).
 *
 * @param devices           number of simulated devices, each with its own key, certificate and connection
 * @param messagesPerSecond publish rate of each device
 * @param duration          how long each device publishes
 * @param qos               QoS of the telemetry; latency is measured for QoS 1 only (PUBLISH to PUBACK)
 * @param payloadBytes      size of each telemetry payload (at least the 32 bytes of the sequence header)
 */
public record SimulationPlan(int devices, double messagesPerSecond, Duration duration, Qos qos, int payloadBytes) {
    public SimulationPlan {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(qos, "qos");
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1");
        }
        if (!(messagesPerSecond > 0) || messagesPerSecond > 10_000) {
            throw new IllegalArgumentException("messagesPerSecond must be in (0, 10000]");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (payloadBytes < 32 || payloadBytes > 256 * 1024) {
            throw new IllegalArgumentException("payloadBytes must be 32..262144");
        }
    }

    /** QoS 1, 64-byte payloads. */
    public static SimulationPlan of(int devices, double messagesPerSecond, Duration duration) {
        return new SimulationPlan(devices, messagesPerSecond, duration, Qos.AT_LEAST_ONCE, 64);
    }

    /** Messages each device sends: rate × duration, at least one. */
    public long messagesPerDevice() {
        return Math.max(1, Math.round(messagesPerSecond * duration.toNanos() / 1e9));
    }
}
