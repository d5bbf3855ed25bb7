package dev.warden.bench;

import dev.warden.node.WardenNode;
import dev.warden.region.service.Regions;
import dev.warden.testkit.DelayingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        try (WardenNode eu = RegionBenchNodes.node(dir, "eu-west-1");
                WardenNode us = RegionBenchNodes.node(dir, "us-east-1");
                WardenNode ap = RegionBenchNodes.node(dir, "ap-southeast-1");
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
                RegionBenchNodes.cli(
                        dir.resolve("eu-west-1"), "policy", "create", "bench-" + i, "--file", policy.toString());
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
            RegionBenchNodes.print("us-east-1", usLags);
            RegionBenchNodes.print("ap-southeast-1", apLags);
        }
    }

    private static long applied(Regions regions) {
        return regions.replication().orElseThrow().appliedSeq();
    }
}
