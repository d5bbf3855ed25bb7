package dev.warden.bench;

import dev.warden.cli.WardenCommand;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.region.service.Regions;
import dev.warden.testkit.DelayingProxy;
import dev.warden.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM replication lag between regions (issue 24's goal: p99 at most 2 s with 100 ms between regions). Three nodes in
 * this JVM, each its own region with its own database, CA and trail; the two members reach the control region
 * through a proxy that delays every byte by {@code DELAY_MS} each way. Each round makes one IAM change through the
 * control region's admin API (the CLI, in-process) and times it until both members have applied it (from then on
 * they decide with it). Prints min, p50, p90, p99 and max per member.
 *
 * <p>Usage: {@code java -cp warden-bench.jar dev.warden.bench.RegionReplicationBench [CHANGES] [DELAY_MS]}
 */
public final class RegionReplicationBench {
    private RegionReplicationBench() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Duration delay = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);
        Path dir = Files.createTempDirectory("warden-region-bench");
        try (WardenNode eu = node(dir, "eu-west-1");
                WardenNode us = node(dir, "us-east-1");
                WardenNode ap = node(dir, "ap-southeast-1");
                DelayingProxy usLink =
                        new DelayingProxy("127.0.0.1", eu.regions().linkPort(), delay);
                DelayingProxy apLink =
                        new DelayingProxy("127.0.0.1", eu.regions().linkPort(), delay)) {
            us.regions()
                    .join(
                            eu.regions().createJoinToken("us-east-1", Duration.ofMinutes(5)),
                            Optional.of("https://localhost:" + usLink.port()));
            ap.regions()
                    .join(
                            eu.regions().createJoinToken("ap-southeast-1", Duration.ofMinutes(5)),
                            Optional.of("https://localhost:" + apLink.port()));
            Path policy = Files.writeString(
                    dir.resolve("p.json"),
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"warden:List*\","
                            + "\"Resource\":\"*\"}]}");
            List<Long> usLags = new ArrayList<>();
            List<Long> apLags = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                long before = eu.regions().iamLastSeq().orElseThrow();
                long started = System.nanoTime();
                cli(dir.resolve("eu-west-1"), "policy", "create", "bench-" + i, "--file", policy.toString());
                while (eu.regions().iamLastSeq().orElseThrow() <= before) {
                    Thread.sleep(1);
                }
                long seq = eu.regions().iamLastSeq().orElseThrow();
                long usDone = 0;
                long apDone = 0;
                while (usDone == 0 || apDone == 0) {
                    if (usDone == 0 && applied(us.regions()) >= seq) {
                        usDone = System.nanoTime();
                    }
                    if (apDone == 0 && applied(ap.regions()) >= seq) {
                        apDone = System.nanoTime();
                    }
                    Thread.sleep(1);
                }
                usLags.add((usDone - started) / 1_000_000);
                apLags.add((apDone - started) / 1_000_000);
            }
            System.out.printf(
                    "IAM replication lag, %d changes, %d ms each way between regions:%n", changes, delay.toMillis());
            print("us-east-1", usLags);
            print("ap-southeast-1", apLags);
        }
    }

    private static long applied(Regions regions) {
        return regions.replication().orElseThrow().appliedSeq();
    }

    private static WardenNode node(Path dir, String region) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dir.resolve(region).toString());
        flags.put(ConfigKey.REGION, region);
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.REGION_LINKS, "on");
        flags.put(ConfigKey.REGION_LINK_PORT, String.valueOf(FreePorts.next()));
        return new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
    }

    private static void cli(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(all.toArray(String[]::new), new ByteArrayOutputStream(), new PrintWriter(err));
        if (code != 0) {
            throw new IllegalStateException("warden " + String.join(" ", args) + ": " + err);
        }
    }

    private static void print(String region, List<Long> lags) {
        List<Long> sorted = lags.stream().sorted().toList();
        int n = sorted.size();
        System.out.printf(
                "  %-15s min %d ms  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%n",
                region,
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
