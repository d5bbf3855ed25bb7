package dev.warden.bench;

import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.TargetDirectory;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Memory per monitored device with the built-in profile: {@code N} quiet devices ({@link MonitorFleet#quietSecond})
 * fed for 60 simulated seconds, so that every state the profile keeps for a device exists and its windows are full,
 * then one datapoint, as the monitor loop leaves the engine. The engine's object graph (JOL's {@link GraphLayout}:
 * every object reachable from it, thing names, keys and address strings included) less that of the same engine
 * with no target, divided by {@code N}. Usage: {@code java -cp warden-bench.jar dev.warden.bench.DetectionEngineMemory
 * [N ...]} (default 1000 10000 100000); prints one line per N and, with {@code -v}, the largest classes.
 */
public final class DetectionEngineMemory {
    private static final long START = 1_800_000_000_000L;
    private static final int SECONDS = 60;

    private DetectionEngineMemory() {}

    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("-v");
        List<Integer> sizes = List.of(args).stream()
                .filter(a -> !a.startsWith("-"))
                .map(Integer::valueOf)
                .toList();
        for (int n : sizes.isEmpty() ? List.of(1_000, 10_000, 100_000) : sizes) {
            measure(n, verbose);
        }
    }

    private static void measure(int n, boolean verbose) {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        engine.install(List.of(BuiltInProfiles.baseline()));
        long empty = GraphLayout.parseInstance(engine).totalSize();
        MonitorFleet fleet = new MonitorFleet(n);
        long now = START;
        for (int s = 0; s < SECONDS; s++) {
            now = START + s * 1_000L;
            for (int i = 0; i < n; i++) {
                fleet.quietSecond(engine, i, now / 1_000, now);
            }
            engine.evaluate(now + 999);
        }
        GraphLayout layout = GraphLayout.parseInstance(engine);
        long perDevice = (layout.totalSize() - empty) / n;
        System.out.printf(
                Locale.ROOT,
                "devices %,d: targets %,d, engine %,d bytes (empty %,d), %,d bytes per device (%.2f KiB)%n",
                n,
                engine.targetCount(),
                layout.totalSize(),
                empty,
                perDevice,
                perDevice / 1024.0);
        if (verbose) {
            System.out.println(layout.toFootprint());
        }
    }
}
