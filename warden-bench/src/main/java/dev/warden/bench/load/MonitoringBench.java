package dev.warden.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.device.DeviceTls;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The two figures of issue 21's "Speed and scale" that need a running node: the gateway's cost of security monitoring
 * (throughput and connection rate with monitoring on beside off, in one run) and the detection latency of the
 * built-in profile's attacks under a fleet's normal load. Figures: BENCHMARKS.md; caveats:
 * docs/benchmarks/figures-2026-12-07.md, "Security monitoring".
 *
 * <ol>
 *   <li>A node with monitoring on enrolls the fleet, the application and the attack devices; stopped, its data
 *       directory is copied to a second node that runs with {@code WARDEN_MONITOR=off}: the same CA, devices,
 *       policies and database, so the two nodes serve literally the same fleet.
 *   <li>Overhead: a discarded warm-up round on each node, then {@code --rounds} rounds of {@link RoundRunner}
 *       (connection setup of the fleet, QoS 0 and QoS 1 at each load level), alternating on/off and off/on.
 *   <li>Latency, on the node with monitoring on alone: {@code --background-devices} of the fleet connected and
 *       publishing {@code --background-rate} messages a second each (QoS 1, read by an application), and meanwhile
 *       {@code --trials} trials of each {@link Attack}.
 * </ol>
 *
 * <pre>
 * java -cp warden-bench/target/warden-bench.jar dev.warden.bench.load.MonitoringBench \
 *     [--warden-jar warden-cli/target/warden.jar] [--phases overhead,latency] [--trials 30] \
 *     [--background-devices 1000] [--background-rate 1] [--poll-ms 200] \
 *     [any option of GatewayVsMosquitto: --fleet 4000 --publishers 4000 --rate 14 --rounds 3 ...]
 * </pre>
 */
public final class MonitoringBench {
    static final String APPLICATION = "bench-app";
    /** The node's default evaluation interval ({@code WardenConfig.Monitor.DEFAULTS}): one datapoint a second. */
    static final long EVALUATION_INTERVAL_MILLIS = 1_000;
    /** Longest wait for an alarm: the 10-second window plus room; a trial without an alarm by then missed. */
    private static final Duration ALARM_WAIT = Duration.ofSeconds(20);
    /** The background load's warm-up before the first attack. */
    private static final Duration BACKGROUND_WARMUP = Duration.ofSeconds(5);

    private MonitoringBench() {}

    public static void main(String[] args) throws Exception {
        // As in GatewayVsMosquitto: Netty's leak sampling costs the generator CPU that the nodes need.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        MonitoringOptions options = MonitoringOptions.parse(args);
        LoadOptions load = options.load();
        Path work = Files.createTempDirectory("warden-monitoring");
        System.out.printf(
                "%s  load before: %s  cores: %d  work dir: %s%n",
                Instant.now(), LoadAverage.read(), Runtime.getRuntime().availableProcessors(), work);
        long started = System.nanoTime();
        boolean completed = false;
        Path offDir = Files.createDirectories(work.resolve(OverheadReport.OFF));
        try (WardenNodeProcess on = node(OverheadReport.ON, "on", load, work)) {
            X509Certificate root = on.root();
            WardenAdminClient admin = new WardenAdminClient(on.adminPort(), on.adminToken(), root);
            FleetEnrollment enrollment = new FleetEnrollment(admin);
            long enrollStart = System.nanoTime();
            List<BenchDevice> fleet = enrollment.enroll("dev", load.fleetSize());
            BenchDevice application = enrollment.enrollApplication(APPLICATION);
            Map<Attack, List<BenchDevice>> attackers = enrollAttackers(enrollment, options);
            System.out.printf(
                    "enrolled the fleet, the application and the attack devices in %.1f s%n", seconds(enrollStart));
            // Copied while stopped, so that the SQLite database and the trail's anchor are consistent in the copy.
            on.close();
            copyTree(on.dataDir(), offDir.resolve("warden-data"));
            on.restart();
            try (LoadClient client = LoadClient.create(load.client(), root)) {
                // Stable: a device reconnecting from a new address would be a shared certificate, and quarantined.
                LoopbackSources sources = LoopbackSources.stable();
                OverheadReport overhead = options.overhead()
                        ? overheadPhase(load, work, on, admin, client, application, sources, fleet)
                        : null;
                List<DetectionTrial> trials = options.latency()
                        ? new LatencyPhase(options, on, admin, root, client, sources)
                                .measure(fleet, application, attackers)
                        : List.of();
                System.out.println();
                if (overhead != null) {
                    overhead.print(System.out);
                    System.out.println();
                }
                if (!trials.isEmpty()) {
                    new DetectionReport(trials, options.pollMillis()).print(System.out);
                }
                completed = true;
            }
        } finally {
            System.out.printf(
                    "%s  load after: %s  total %.0f s%n", Instant.now(), LoadAverage.read(), seconds(started));
            if (completed) {
                GatewayVsMosquitto.deleteQuietly(work);
            } else {
                System.out.println("kept " + work + " (monitor-on/warden.log, monitor-off/warden.log) to look at it");
            }
        }
    }

    /** The devices each attack that needs its own devices uses (none unless detection latency is measured). */
    private static Map<Attack, List<BenchDevice>> enrollAttackers(FleetEnrollment enrollment, MonitoringOptions options)
            throws Exception {
        Map<Attack, List<BenchDevice>> attackers = new EnumMap<>(Attack.class);
        for (Attack attack : Attack.values()) {
            if (options.latency() && attack.needsDevice()) {
                attackers.put(attack, enrollment.enroll(attack.devicePrefix, options.trials()));
            }
        }
        return attackers;
    }

    /** The publishing rounds on the node with monitoring on and on a copy of it with monitoring off. */
    private static OverheadReport overheadPhase(
            LoadOptions load,
            Path work,
            WardenNodeProcess on,
            WardenAdminClient admin,
            LoadClient client,
            BenchDevice application,
            LoopbackSources sources,
            List<BenchDevice> fleet)
            throws Exception {
        Instant begun = Instant.now();
        OverheadReport overhead;
        try (WardenNodeProcess off = node(OverheadReport.OFF, "off", load, work)) {
            overhead = new OverheadReport(load, overheadRounds(load, on, off, client, application, sources, fleet));
        }
        System.out.printf("%s  load after the overhead rounds: %s%n", Instant.now(), LoadAverage.read());
        // Alarms here would be work the node with monitoring off never did: the load is meant to be normal.
        printAlarmCensus(admin, fleet, begun, "during the overhead rounds");
        return overhead;
    }

    /** A node in {@code work/<name>} with {@code WARDEN_MONITOR} set either way, whatever the caller's environment. */
    private static WardenNodeProcess node(String name, String monitor, LoadOptions load, Path work)
            throws IOException, InterruptedException {
        return WardenNodeProcess.start(
                name,
                load.wardenJar(),
                load.wardenJvmOptions(),
                load.wardenArgs(),
                Map.of("WARDEN_MONITOR", monitor),
                Files.createDirectories(work.resolve(name)));
    }

    /**
     * A discarded warm-up round on each node, then the rounds, on/off in odd rounds and off/on in even ones so that
     * neither node always runs second. Before each round the other node must be idle: a node may still be storing the
     * last round's telemetry, CPU it would take from the node being measured.
     */
    private static List<BrokerRound> overheadRounds(
            LoadOptions load,
            WardenNodeProcess on,
            WardenNodeProcess off,
            LoadClient client,
            BenchDevice application,
            LoopbackSources sources,
            List<BenchDevice> fleet)
            throws InterruptedException {
        RoundRunner warmUp = new RoundRunner(load.forWarmUp(), client, application, sources);
        warmUp.run(on, 0, fleet);
        warmUp.run(off, 0, fleet);
        RoundRunner runner = new RoundRunner(load, client, application, sources);
        List<BrokerRound> rounds = new ArrayList<>();
        for (int round = 1; round <= load.rounds(); round++) {
            List<WardenNodeProcess> order = round % 2 == 1 ? List.of(on, off) : List.of(off, on);
            for (WardenNodeProcess node : order) {
                BrokerQuiet.await(node == on ? off : on);
                rounds.add(runner.run(node, round, fleet));
            }
        }
        return rounds;
    }

    /**
     * The alarms raised since {@code since} (the newest 1,000), by behaviour, and how many concern {@code fleet}: its
     * devices behave normally, so each one is a false positive.
     */
    private static void printAlarmCensus(WardenAdminClient admin, List<BenchDevice> fleet, Instant since, String when) {
        Map<String, Integer> byBehaviour = new TreeMap<>();
        Set<String> fleetTargets = new HashSet<>();
        fleet.forEach(d -> fleetTargets.add("thing/" + d.name()));
        int raised = 0;
        int onFleet = 0;
        for (JsonNode alarm : admin.alarms("limit=1000")) {
            if (Instant.parse(alarm.path("firstSeen").asText()).isBefore(since)) {
                continue;
            }
            raised++;
            byBehaviour.merge(alarm.path("behaviour").asText(), 1, Integer::sum);
            if (fleetTargets.contains(alarm.path("target").asText())) {
                onFleet++;
            }
        }
        System.out.printf(
                "alarms raised %s: %d %s, of which on the %d fleet devices: %d%n",
                when, raised, byBehaviour, fleet.size(), onFleet);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The attacks against the node with monitoring on, while its fleet publishes at its normal rate. */
    private record LatencyPhase(
            MonitoringOptions options,
            WardenNodeProcess on,
            WardenAdminClient admin,
            X509Certificate root,
            LoadClient client,
            LoopbackSources sources) {

        /** The attacks while the background part of {@code fleet} publishes; then the false alarms among them. */
        List<DetectionTrial> measure(
                List<BenchDevice> fleet, BenchDevice application, Map<Attack, List<BenchDevice>> attackers)
                throws Exception {
            Instant begun = Instant.now();
            List<BenchDevice> background = fleet.subList(0, options.backgroundDevices());
            List<DetectionTrial> trials = run(background, application, attackers);
            System.out.printf("%s  load after the attacks: %s%n", Instant.now(), LoadAverage.read());
            printAlarmCensus(admin, background, begun, "during the attacks");
            return trials;
        }

        List<DetectionTrial> run(
                List<BenchDevice> fleet, BenchDevice application, Map<Attack, List<BenchDevice>> attackers)
                throws Exception {
            ExecutorService helpers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "monitoring-bench");
                t.setDaemon(true);
                return t;
            });
            int parallelism = options.load().parallelism();
            try (ConnectedFleet background = ConnectedFleet.connect(on, fleet, client, sources, parallelism)) {
                System.out.printf("background fleet connected: %s%n", background.setup());
                LoadConnection app = client.open(application, on.mqttPort(), sources.next());
                app.connect().join();
                PublishLoadProbe steady =
                        new PublishLoadProbe(on, background.connections(), app, options.backgroundRate());
                Future<PublishLoadResult> running = helpers.submit(
                        () -> steady.run(LoadConnection.AT_LEAST_ONCE, BACKGROUND_WARMUP, Duration.ofHours(1)));
                Thread.sleep(BACKGROUND_WARMUP.toMillis());
                System.out.printf(
                        "%s  attacks begin (%d trials each), load: %s%n",
                        Instant.now(), options.trials(), LoadAverage.read());
                DetectionProbe probe = new DetectionProbe(
                        on,
                        client,
                        sources,
                        new AlarmWatch(admin, options.pollMillis(), ALARM_WAIT),
                        ALARM_WAIT,
                        DeviceTls.context(root, null),
                        fleet.get(0).telemetryTopic(),
                        helpers);
                List<DetectionTrial> trials =
                        new DetectionTrials(probe, EVALUATION_INTERVAL_MILLIS).run(attackers, options.trials());
                steady.stop();
                System.out.printf("background load during the attacks: %s%n", running.get());
                System.out.printf(
                        "  background devices still connected: %d of %d%n", background.stillConnected(), fleet.size());
                app.disconnect().join();
                return trials;
            } finally {
                helpers.shutdownNow();
            }
        }
    }
}
