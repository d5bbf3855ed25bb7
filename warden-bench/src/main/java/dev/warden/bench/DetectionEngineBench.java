package dev.warden.bench;

import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.TargetDirectory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detection engine on one thread, as the monitor loop runs it, with the built-in profile installed:
 *
 * <ul>
 *   <li>{@code observe}: gateway events per second into {@link DetectionEngine#observe}, for a fleet of
 *       {@code things} devices, in {@link MonitorFleet}'s mix (publishes with topics, connects with addresses,
 *       denials, failed handshakes). Simulated time moves 1 ms every 500 events, a fleet-wide 500,000 events/s, so
 *       windows roll as they would at the goal rate.
 *   <li>{@code evaluate}: one datapoint ({@link DetectionEngine#evaluate}) over {@code things} quiet devices that
 *       each hold every state the built-in profile keeps for a device (messages sent, connection attempts, distinct
 *       addresses, authorization failures) and violate nothing; before each datapoint, outside the measurement, a
 *       second passes and each device publishes (and every tenth second connects and is denied once), as
 *       {@link MonitorFleet#quietSecond} says. The figure divided by {@code things} is the cost per device.
 * </ul>
 */
public class DetectionEngineBench {

    @State(Scope.Thread)
    public static class Observed {
        @Param({"1000", "10000"})
        int things;

        DetectionEngine engine;
        MonitorFleet fleet;
        long events;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new DetectionEngine(TargetDirectory.NONE);
            engine.install(List.of(BuiltInProfiles.baseline()));
            fleet = new MonitorFleet(things);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int observe(Observed s) {
        long now = 1_800_000_000_000L + s.events++ / 500;
        return s.fleet.feed(s.engine, now);
    }

    @State(Scope.Thread)
    public static class Evaluated {
        @Param({"1000", "10000"})
        int things;

        DetectionEngine engine;
        MonitorFleet fleet;
        long now = 1_800_000_000_000L;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new DetectionEngine(TargetDirectory.NONE);
            engine.install(List.of(BuiltInProfiles.baseline()));
            fleet = new MonitorFleet(things);
        }

        /** A second passes (per invocation: a datapoint takes milliseconds, so JMH's per-invocation cost is small). */
        @Setup(Level.Invocation)
        public void nextSecond() {
            now += 1_000;
            long second = now / 1_000;
            for (int i = 0; i < things; i++) {
                fleet.quietSecond(engine, i, second, now - 500);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<AlarmTransition> evaluate(Evaluated s) {
        return s.engine.evaluate(s.now);
    }
}
