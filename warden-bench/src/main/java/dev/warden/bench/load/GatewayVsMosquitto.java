package dev.warden.bench.load;

import io.netty.util.ResourceLeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Load benchmark of Warden's MQTT gateway beside Mosquitto 2 in one run (issue 3). Both brokers run as child
 * processes with the same CA, device certificates, TLS settings and topic confinement; this JVM is the load generator
 * and alternates between them (A B A B) so that drift of the shared machine hits both alike. Figures and their
 * caveats: docs/benchmarks/figures-2026-12-07.md, "Gateway vs Mosquitto (issue 3)"; every option and its default:
 * {@link LoadOptions}.
 *
 * <pre>
 * java -cp warden-bench/target/warden-bench.jar dev.warden.bench.load.GatewayVsMosquitto \
 *     [--warden-jar warden-cli/target/warden.jar] [--fleet 1000] [--publishers 200,1000] [--rate 80] \
 *     [--parallelism 32] [--warmup 3] [--seconds 8] [--rounds 2] [--idle 2500] [--revocations 100] \
 *     [--client netty|hivemq] [--reconnect 10000] [--reconnect-jitter-ms 1000] [--warmup-round-seconds 15] \
 *     [--warden-jvm-options "-XX:StartFlightRecording=filename=/tmp/warden.jfr"] \
 *     [--warden-args "--telemetry-store off"]
 * </pre>
 */
public final class GatewayVsMosquitto {
    static final String APPLICATION = "bench-app";

    private GatewayVsMosquitto() {}

    public static void main(String[] args) throws Exception {
        // Netty samples one buffer in 128 for leak tracking, with a stack trace each: generator CPU taken from the
        // broker under test (2.4 % of the generator in a profile). The node turns it off the same way.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        LoadOptions options = LoadOptions.parse(args);
        Path work = Files.createTempDirectory("warden-vs-mosquitto");
        System.out.printf(
                "%s  load before: %s  cores: %d  work dir: %s%n",
                Instant.now(), LoadAverage.read(), Runtime.getRuntime().availableProcessors(), work);
        long started = System.nanoTime();
        boolean completed = false;
        try (WardenNodeProcess warden =
                WardenNodeProcess.start(options.wardenJar(), options.wardenJvmOptions(), options.wardenArgs(), work)) {
            X509Certificate root = warden.root();
            WardenAdminClient admin = new WardenAdminClient(warden.adminPort(), warden.adminToken(), root);
            Enrolled enrolled = Enrolled.enroll(new FleetEnrollment(admin), options);
            List<BenchDevice> fleet = enrolled.fleet();
            List<BenchDevice> idleExtra = enrolled.idleExtra();
            List<BenchDevice> revocable = enrolled.revocable();
            BenchDevice application = enrolled.application();

            try (MosquittoBroker mosquitto = startMosquitto(work, warden);
                    LoadClient client = LoadClient.create(options.client(), root)) {
                System.out.printf("load generator client: %s%n", options.client());
                LoopbackSources sources = new LoopbackSources();
                List<BrokerRound> rounds =
                        alternateRounds(options, List.of(warden, mosquitto), client, application, sources, fleet);
                List<IdleMemoryResult> memory =
                        idleMemory(options, client, sources, warden, mosquitto, fleet, idleExtra);
                RevocationResult revocation =
                        revokeOnWarden(warden, admin, revocable.subList(0, options.revocations()), client, sources);
                System.out.printf("revocation on warden: %s%n", revocation);
                BenchDevice revokedOnMosquitto = revocable.get(options.revocations());
                BenchDevice control = revocable.get(options.revocations() + 1);
                MosquittoRevocationFinding finding = MosquittoRevocationCheck.run(
                        mosquitto, warden, admin, revokedOnMosquitto, control, client, sources);
                System.out.printf("revocation on mosquitto: %s%n", finding);
                List<ReconnectResult> reconnects =
                        reconnects(options, client, sources, warden, mosquitto, enrolled.reconnecting());
                System.out.println();
                new LoadReport(options, rounds, memory, revocation, finding, reconnects).print(System.out);
                completed = true;
            }
        } finally {
            System.out.printf(
                    "%s  load after: %s  total %.0f s%n",
                    Instant.now(), LoadAverage.read(), (System.nanoTime() - started) / 1e9);
            if (completed) {
                deleteQuietly(work);
            } else {
                System.out.println("kept " + work + " (warden.log, mosquitto/stdout.log) to look at the failure");
            }
        }
    }

    /** Mosquitto with Warden's CA chain, server certificate and key, and CRL: the same PKI for both brokers. */
    private static MosquittoBroker startMosquitto(Path work, WardenNodeProcess warden) throws Exception {
        String caChain = new String(warden.fetchPublic("/ca/" + WardenRegion.NAME + "/chain.pem"))
                + Files.readString(work.resolve("warden-data/pki/root.crt"));
        return MosquittoBroker.start(
                work,
                caChain,
                warden.serverCertificate(),
                warden.exportServerKeyForPeer(work.resolve("peer-keys")),
                warden.fetchPublic("/crl/" + WardenRegion.NAME + ".crl"),
                APPLICATION);
    }

    /** The devices a run uses, enrolled through the admin API. */
    private record Enrolled(
            List<BenchDevice> fleet,
            List<BenchDevice> idleExtra,
            List<BenchDevice> revocable,
            BenchDevice application,
            List<BenchDevice> reconnecting) {

        static Enrolled enroll(FleetEnrollment enrollment, LoadOptions options) throws Exception {
            long enrollStart = System.nanoTime();
            List<BenchDevice> fleet = enrollment.enroll("dev", options.fleetSize());
            List<BenchDevice> idleExtra = enrollment.enroll("idle", options.idleConnections() - options.fleetSize());
            List<BenchDevice> revocable = enrollment.enroll("rev", options.revocations() + 2);
            BenchDevice application = enrollment.enrollApplication(APPLICATION);
            // The reconnect round reuses the fleet and the idle devices, enrolling more only when they are too few.
            List<BenchDevice> reconnecting = new ArrayList<>(fleet);
            reconnecting.addAll(idleExtra);
            reconnecting.addAll(enrollment.enroll("rc", Math.max(0, options.reconnect() - reconnecting.size())));
            reconnecting = reconnecting.subList(0, options.reconnect());
            System.out.printf(
                    "enrolled %d devices through the admin API in %.1f s%n",
                    fleet.size()
                            + idleExtra.size()
                            + revocable.size()
                            + 1
                            + Math.max(0, options.reconnect() - options.idleConnections()),
                    (System.nanoTime() - enrollStart) / 1e9);
            return new Enrolled(fleet, idleExtra, revocable, application, reconnecting);
        }
    }

    /** Idle connections' memory on each broker, Warden first. */
    private static List<IdleMemoryResult> idleMemory(
            LoadOptions options,
            LoadClient client,
            LoopbackSources sources,
            BrokerProcess warden,
            BrokerProcess mosquitto,
            List<BenchDevice> fleet,
            List<BenchDevice> idleExtra)
            throws Exception {
        List<IdleMemoryResult> memory = new ArrayList<>();
        IdleMemoryProbe memoryProbe = new IdleMemoryProbe(client, sources, options.parallelism());
        for (BrokerProcess broker : List.of(warden, mosquitto)) {
            IdleMemoryResult result = memoryProbe.run(broker, broker == warden, fleet, idleExtra);
            System.out.printf(
                    "memory %s: %.1f KiB RSS per connection, %.1f KiB live heap%n",
                    result, result.rssKibPerConnection(), result.liveHeapKibPerConnection());
            memory.add(result);
        }
        return memory;
    }

    /** The restart under a connected fleet on each broker (none when the options ask for no reconnects). */
    private static List<ReconnectResult> reconnects(
            LoadOptions options,
            LoadClient client,
            LoopbackSources sources,
            BrokerProcess warden,
            BrokerProcess mosquitto,
            List<BenchDevice> reconnecting)
            throws Exception {
        List<ReconnectResult> reconnects = new ArrayList<>();
        if (options.reconnect() > 0) {
            ReconnectProbe probe =
                    new ReconnectProbe(client, sources, options.parallelism(), options.reconnectJitterMillis());
            for (BrokerProcess broker : List.of(warden, mosquitto)) {
                ReconnectResult result = probe.run(broker, reconnecting);
                System.out.printf("reconnect after restart %s%n", result);
                reconnects.add(result);
            }
        }
        return reconnects;
    }

    /** A discarded warm-up round, then A B A B: drift of the shared machine hits both brokers alike. */
    private static List<BrokerRound> alternateRounds(
            LoadOptions options,
            List<BrokerProcess> brokers,
            LoadClient client,
            BenchDevice application,
            LoopbackSources sources,
            List<BenchDevice> fleet)
            throws InterruptedException {
        // Shorter and discarded: both processes (the JVMs above all) start cold.
        RoundRunner warmUp = new RoundRunner(options.forWarmUp(), client, application, sources);
        for (BrokerProcess broker : brokers) {
            warmUp.run(broker, 0, fleet);
        }
        RoundRunner runner = new RoundRunner(options, client, application, sources);
        List<BrokerRound> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (BrokerProcess broker : brokers) {
                rounds.add(runner.run(broker, round, fleet));
            }
        }
        return rounds;
    }

    private static RevocationResult revokeOnWarden(
            WardenNodeProcess warden,
            WardenAdminClient admin,
            List<BenchDevice> devices,
            LoadClient client,
            LoopbackSources sources)
            throws InterruptedException {
        try (ConnectedFleet fleet = ConnectedFleet.connect(warden, devices, client, sources, 16)) {
            return new RevocationProbe(admin).run(fleet.connections());
        }
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
