package dev.warden.bench.load;

import java.io.PrintStream;
import java.util.List;

/**
 * The gateway's figures with monitoring on beside off, from the alternating rounds of two nodes that differ only in
 * {@code WARDEN_MONITOR}: the median of each node's rounds, their ratio (on / off: below 1 is a cost for throughput,
 * above 1 for latency and CPU), and the ratio round by round.
 */
final class OverheadReport {
    static final String ON = "monitor-on";
    static final String OFF = "monitor-off";

    private final LoadOptions options;
    private final RoundRows rows;
    private final List<BrokerRound> rounds;

    OverheadReport(LoadOptions options, List<BrokerRound> rounds) {
        this.options = options;
        this.rounds = List.copyOf(rounds);
        this.rows = new RoundRows(rounds, ON, OFF);
    }

    void print(PrintStream out) {
        out.printf(
                "| Metric (median of %d rounds) | Monitoring on | Monitoring off | On / off "
                        + "| Round by round: median (lowest–highest) |%n",
                options.rounds());
        out.println("|---|---|---|---|---|");
        rows.row(
                out,
                "mTLS connection setup, " + options.fleetSize() + " devices, " + options.parallelism()
                        + " in flight (connections/s)",
                "%.0f",
                r -> r.setup().perSecond());
        rows.row(out, "  connect latency p99 (ms)", "%.0f", r -> r.setup().p99Millis());
        rows.row(out, "  node CPU per connection (ms)", "%.2f", r -> r.setup().brokerCpuMillisPerConnection());
        for (int devices : options.publisherLevels()) {
            String load = devices + " devices x <= " + (int) options.ratePerDevice() + "/s (offered "
                    + Math.round(devices * options.ratePerDevice()) + "/s)";
            rows.row(
                    out,
                    "QoS 1, " + load + ": PUBACKed (msg/s)",
                    "%.0f",
                    r -> pick(r, devices, 1).acceptedPerSecond());
            rows.row(
                    out,
                    "  publish->PUBACK p50 (ms)",
                    "%.2f",
                    r -> pick(r, devices, 1).ackP50Millis());
            rows.row(
                    out,
                    "  publish->PUBACK p99 (ms)",
                    "%.2f",
                    r -> pick(r, devices, 1).ackP99Millis());
            rows.row(
                    out,
                    "  node CPU per message (us)",
                    "%.1f",
                    r -> pick(r, devices, 1).brokerCpuMicrosPerMessage());
            rows.row(
                    out,
                    "QoS 0, " + load + ": accepted (msg/s)",
                    "%.0f",
                    r -> pick(r, devices, 0).acceptedPerSecond());
            rows.row(
                    out,
                    "  delivered to the application (msg/s)",
                    "%.0f",
                    r -> pick(r, devices, 0).receivedPerSecond());
            rows.row(
                    out,
                    "  node CPU per message (us)",
                    "%.1f",
                    r -> pick(r, devices, 0).brokerCpuMicrosPerMessage());
        }
        out.println();
        out.println("Raw rounds:");
        for (BrokerRound round : rounds) {
            out.printf("- round %d %s: %s%n", round.round(), round.broker(), round.setup());
            round.publishing().forEach(p -> out.printf("  - %s%n", p));
        }
    }

    private static PublishLoadResult pick(BrokerRound round, int devices, int qos) {
        return round.publishing(devices, qos).orElseThrow();
    }
}
