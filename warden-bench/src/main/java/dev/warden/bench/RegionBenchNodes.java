package dev.warden.bench;

import dev.warden.cli.WardenCommand;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the region benchmarks share: a node per region in this JVM, the CLI in-process, and percentiles. */
final class RegionBenchNodes {
    private RegionBenchNodes() {}

    /** A node of {@code region} with region links on, its data in {@code dir/region}, on free loopback ports. */
    static WardenNode node(Path dir, String region) {
        return node(dir, region, Map.of());
    }

    /** As {@link #node(Path, String)}, with {@code extra} settings on top. */
    static WardenNode node(Path dir, String region, Map<ConfigKey, String> extra) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dir.resolve(region).toString());
        flags.put(ConfigKey.REGION, region);
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.REGION_LINKS, "on");
        flags.put(ConfigKey.REGION_LINK_PORT, String.valueOf(FreePorts.next()));
        flags.putAll(extra);
        return new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
    }

    /** Runs {@code warden ARGS --data DATA} in-process; throws with its standard error when it fails. */
    static void cli(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(all.toArray(String[]::new), new ByteArrayOutputStream(), new PrintWriter(err));
        if (code != 0) {
            throw new IllegalStateException("warden " + String.join(" ", args) + ": " + err);
        }
    }

    /** min, p50, p90, p99 and max of {@code millis}, on one line after {@code label}. */
    static void print(String label, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        System.out.printf(
                "  %-15s min %d ms  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%n",
                label,
                sorted.get(0),
                sorted.get(index(n, 0.50)),
                sorted.get(index(n, 0.90)),
                sorted.get(index(n, 0.99)),
                sorted.get(n - 1));
    }

    private static int index(int n, double q) {
        return Math.min(n - 1, (int) Math.ceil(q * n) - 1);
    }
}
