package dev.warden.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The run's figures as a Markdown table: for each metric the median over the rounds of each broker, the ratio
 * Warden / Mosquitto of those medians and the median of the ratios round by round ({@link RoundRatios}), then every
 * round's raw figures so that the spread is visible.
 */
final class LoadReport {
    private final LoadOptions options;
    private final List<BrokerRound> rounds;
    private final List<IdleMemoryResult> memory;
    private final RevocationResult revocation;
    private final MosquittoRevocationFinding mosquittoRevocation;
    private final List<ReconnectResult> reconnects;

    LoadReport(
            LoadOptions options,
            List<BrokerRound> rounds,
            List<IdleMemoryResult> memory,
            RevocationResult revocation,
            MosquittoRevocationFinding mosquittoRevocation,
            List<ReconnectResult> reconnects) {
        this.options = options;
        this.rounds = rounds;
        this.memory = memory;
        this.revocation = revocation;
        this.mosquittoRevocation = mosquittoRevocation;
        this.reconnects = List.copyOf(reconnects);
    }

    void print(PrintStream out) {
        out.printf(
                "| Metric (median of %d rounds unless said) | Warden | Mosquitto | Warden / Mosquitto "
                        + "| Round by round: median (lowest–highest) |%n",
                options.rounds());
        out.println("|---|---|---|---|---|");
        setupRows(out);
        for (int devices : options.publisherLevels()) {
            for (int qos = 0; qos < 2; qos++) {
                publishingRows(out, devices, qos);
            }
        }
        memoryAndRevocationRows(out);
        if (reconnects.size() == 2) {
            reconnectRows(out);
        }
        rawRounds(out);
    }

    private void setupRows(PrintStream out) {
        roundRow(
                out,
                "mTLS connection setup, " + options.fleetSize() + " devices, " + options.parallelism()
                        + " in flight (connections/s)",
                "%.0f",
                r -> r.setup().perSecond());
        roundRow(out, "  connect latency p50 (ms)", "%.0f", r -> r.setup().p50Millis());
        roundRow(out, "  connect latency p99 (ms)", "%.0f", r -> r.setup().p99Millis());
        roundRow(
                out,
                "  broker CPU per connection (ms, user + system)",
                "%.2f",
                r -> r.setup().brokerCpuMillisPerConnection());
        roundRow(
                out,
                "  load generator CPU per connection (ms, same for both brokers ideally)",
                "%.2f",
                r -> r.setup().generatorCpuMillisPerConnection());
    }

    /** The rows of one publishing level at one QoS (PUBACK latency only at QoS 1). */
    private void publishingRows(PrintStream out, int devices, int qos) {
        String label = "QoS " + qos + ", " + devices + " devices x <= " + (int) options.ratePerDevice() + "/s (offered "
                + Math.round(devices * options.ratePerDevice()) + "/s)";
        roundRow(
                out,
                label + ": accepted (msg/s)",
                "%.0f",
                r -> pick(r, devices, qos).acceptedPerSecond());
        roundRow(
                out,
                label + ": delivered to the application (msg/s)",
                "%.0f",
                r -> pick(r, devices, qos).receivedPerSecond());
        if (qos == 1) {
            roundRow(
                    out,
                    label + ": publish->PUBACK p50 (ms)",
                    "%.2f",
                    r -> pick(r, devices, qos).ackP50Millis());
            roundRow(
                    out,
                    label + ": publish->PUBACK p99 (ms)",
                    "%.2f",
                    r -> pick(r, devices, qos).ackP99Millis());
        }
        roundRow(
                out,
                label + ": end to end p50 (ms)",
                "%.2f",
                r -> pick(r, devices, qos).endToEndP50Millis());
        roundRow(
                out,
                label + ": end to end p99 (ms)",
                "%.2f",
                r -> pick(r, devices, qos).endToEndP99Millis());
        roundRow(
                out,
                label + ": broker CPU per message (us, user + system)",
                "%.1f",
                r -> pick(r, devices, qos).brokerCpuMicrosPerMessage());
    }

    private void memoryAndRevocationRows(PrintStream out) {
        IdleMemoryResult warden = memory(0);
        IdleMemoryResult mosquitto = memory(1);
        out.printf(
                "| RSS per idle mTLS connection, slope %d -> %d connections (KiB, one measurement) | %.1f | %.1f "
                        + "| %.1f | - |%n",
                warden.fromConnections(),
                warden.toConnections(),
                warden.rssKibPerConnection(),
                mosquitto.rssKibPerConnection(),
                warden.rssKibPerConnection() / mosquitto.rssKibPerConnection());
        out.printf(
                "|   Warden live heap per connection after full GC (KiB) | %.1f | - | - | - |%n",
                warden.liveHeapKibPerConnection());
        out.printf(
                "| RSS with %d idle connections (MiB) | %.0f | %.0f | %.1f | - |%n",
                warden.toConnections(),
                warden.rssToBytes() / 1048576.0,
                mosquitto.rssToBytes() / 1048576.0,
                (double) warden.rssToBytes() / mosquitto.rssToBytes());
        out.printf(
                "| Revocation -> disconnect, %d devices one by one: p50 / p99 / max (ms) | %.1f / %.1f / %.1f "
                        + "(%d of %d cut; the admin call alone p50 %.1f) | %s | - | - |%n",
                revocation.revoked(),
                revocation.p50Millis(),
                revocation.p99Millis(),
                revocation.maxMillis(),
                revocation.disconnected(),
                revocation.revoked(),
                revocation.apiP50Millis(),
                mosquittoText());
    }

    private void rawRounds(PrintStream out) {
        out.println();
        out.println("Raw rounds:");
        for (BrokerRound round : rounds) {
            out.printf("- round %d %s: %s%n", round.round(), round.broker(), round.setup());
            round.publishing().forEach(p -> out.printf("  - %s%n", p));
        }
        memory.forEach(m -> out.printf("- %s%n", m));
        reconnects.forEach(r -> out.printf("- %s%n", r));
    }

    /** The restart under a connected fleet: one measurement per broker, Warden first. */
    private void reconnectRows(PrintStream out) {
        ReconnectResult w = reconnects.get(0);
        ReconnectResult m = reconnects.get(1);
        String devices = w.devices() + " / " + m.devices() + " devices";
        out.printf(
                "| Reconnect after restart (%s, jitter <= %d ms, backoff 100 ms..2 s; one measurement): "
                        + "down, restart command -> port accepts TCP (ms) | %.0f | %.0f | %.2f | - |%n",
                devices,
                options.reconnectJitterMillis(),
                w.downMillis(),
                m.downMillis(),
                w.downMillis() / m.downMillis());
        reconnectRow(
                out, "  of which the old process's exit after SIGTERM (ms)", "%.0f", w.stopMillis(), m.stopMillis());
        reconnectRow(
                out, "  restart command -> all connected again (ms)", "%.0f", w.allBackMillis(), m.allBackMillis());
        reconnectRow(out, "  port open -> all connected again (ms)", "%.0f", w.afterOpenMillis(), m.afterOpenMillis());
        reconnectRow(
                out, "  per device, connection lost -> connected again p50 (ms)", "%.0f", w.p50Millis(), m.p50Millis());
        reconnectRow(out, "  per device p99 (ms)", "%.0f", w.p99Millis(), m.p99Millis());
        reconnectRow(out, "  devices connected again", "%.0f", w.reconnected(), m.reconnected());
        reconnectRow(
                out,
                "  failed attempts (refused while down, TLS/CONNACK failures, timeouts)",
                "%.0f",
                w.failedAttempts(),
                m.failedAttempts());
        reconnectRow(
                out,
                "  of which begun after the port opened (causes: raw figures below)",
                "%.0f",
                w.failedAfterOpen(),
                m.failedAfterOpen());
        reconnectRow(out, "  connections lost again after reconnecting", "%.0f", w.droppedAgain(), m.droppedAgain());
        reconnectRow(out, "  broker CPU, port open -> all back (ms)", "%.0f", w.brokerCpuMillis(), m.brokerCpuMillis());
        reconnectRow(
                out,
                "  broker CPU per reconnected device (ms)",
                "%.2f",
                w.brokerCpuMillisPerDevice(),
                m.brokerCpuMillisPerDevice());
        reconnectRow(
                out,
                "  load generator CPU per reconnected device, restart -> all back (ms)",
                "%.2f",
                w.generatorCpuMillisPerDevice(),
                m.generatorCpuMillisPerDevice());
    }

    private static void reconnectRow(PrintStream out, String metric, String format, double warden, double mosquitto) {
        out.printf(
                "| %s | " + format + " | " + format + " | %.2f | - |%n", metric, warden, mosquitto, warden / mosquitto);
    }

    private IdleMemoryResult memory(int index) {
        return memory.get(index);
    }

    private static PublishLoadResult pick(BrokerRound round, int devices, int qos) {
        return round.publishing(devices, qos).orElseThrow();
    }

    private String mosquittoText() {
        MosquittoRevocationFinding m = mosquittoRevocation;
        return "live session " + (m.sessionCutAfterReload() ? "cut" : "NOT cut") + " after new CRL + SIGHUP; "
                + "a new handshake " + refusal(m.newConnectionRefusedAfterReload()) + " after SIGHUP, "
                + refusal(m.newConnectionRefusedAfterRestart()) + " after restart (a device not revoked: "
                + (m.controlAcceptedAfterReload() ? "accepted" : "also refused") + " after SIGHUP)";
    }

    private static String refusal(boolean refused) {
        return refused ? "refused" : "still accepted";
    }

    private void roundRow(PrintStream out, String metric, String format, ToDoubleFunction<BrokerRound> value) {
        new RoundRows(rounds, "warden", "mosquitto").row(out, metric, format, value);
    }
}
