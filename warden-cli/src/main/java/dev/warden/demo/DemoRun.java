package dev.warden.demo;

import dev.warden.audit.VerificationReport;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.cli.WardenCommand;
import dev.warden.node.NodeLayout;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.pki.Pem;
import dev.warden.pki.Signatures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code warden demo}: a node on a temporary data directory, a fleet provisioned by claim, live telemetry to a
 * dashboard application, then a series of attacks — each shown blocked, with how and how fast — and the audit
 * trail verified at the end. Everything goes through the real CLI, HTTPS API, MQTT gateway and TLS.
 */
public final class DemoRun {
    /** How the demo runs. */
    /**
     * @param regions the demo's three regions: the demo node's (control and audit region), the member of section 7,
     *                and the region of section 8 that fails over to the demo node
     */
    public record Options(int devices, Duration telemetry, boolean keep, boolean colour, List<String> regions) {
        /** The regions when none are named. */
        public static final List<String> DEFAULT_REGIONS = List.of("eu-west-1", "us-east-1", "eu-central-1");

        public Options {
            regions = List.copyOf(regions);
            if (regions.size() != 3 || new HashSet<>(regions).size() != 3) {
                throw new IllegalArgumentException("the demo needs three different regions, got " + regions);
            }
        }

        public Options(int devices, Duration telemetry, boolean keep, boolean colour) {
            this(devices, telemetry, keep, colour, DEFAULT_REGIONS);
        }
    }

    private final Options options;
    private final DemoConsole console;
    private Path dataDir;

    public DemoRun(Options options, PrintWriter out) {
        this.options = options;
        this.console = new DemoConsole(out, options.colour());
    }

    /** True on a real terminal that wants colour (no NO_COLOR, TERM not dumb). */
    public static boolean terminalSupportsColour() {
        return DemoConsole.terminalSupportsColour();
    }

    /** Runs the demo; returns 0 when every attack was blocked. */
    public int run() throws Exception {
        dataDir = Files.createTempDirectory("warden-demo-");
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dataDir.toString());
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.NODE, "demo");
        flags.put(ConfigKey.REGION, options.regions().get(0));
        // The demo node is the control region of a deployment that section 7 makes.
        flags.put(ConfigKey.REGION_LINKS, "on");
        flags.put(ConfigKey.REGION_LINK_PORT, String.valueOf(freePort()));
        console.title("Warden demo: a secure IoT fleet, then an attack on every layer");
        console.step(console.dim("data directory " + dataDir));
        WardenNode node = new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
        List<DemoDevice> connected = new ArrayList<>();
        int exit;
        try {
            console.ok("node up: admin https://localhost:" + node.adminPort() + ", MQTT over TLS on " + node.mqttPort()
                    + ", region " + node.config().region());
            exit = scenario(node, connected);
            if (options.keep()) {
                console.title("The node keeps running (Ctrl-C to stop). Try:");
                console.step("./warden audit query --data " + dataDir + " --result deny");
                console.step("./warden device list --data " + dataDir);
                Thread.currentThread().join();
            }
        } finally {
            connected.forEach(DemoDevice::close);
            node.close();
        }
        VerificationReport trail = verifyTrail(node);
        console.title("Audit trail");
        if (trail.intact()) {
            console.ok(trail.eventsChecked() + " events recorded in a hash chain, " + trail.digestsChecked()
                    + " signed digests: intact (warden audit verify)");
        } else {
            console.fail("audit trail broken: " + trail.firstProblem().orElseThrow());
            exit = 1;
        }
        exit = Math.max(exit, cutTheTrail(node));
        if (!options.keep()) {
            deleteRecursively(dataDir);
        }
        console.title("Where to look next");
        console.step("./warden server                     run a node of your own (README.md)");
        console.step("./warden audit verify --data DIR    prove the trail intact, offline");
        console.step("BENCHMARKS.md                       how fast each part is, measured");
        return exit;
    }

    private int scenario(WardenNode node, List<DemoDevice> connected) throws Exception {
        Path work = dataDir.resolve("demo");
        Path rootCa = new NodeLayout(dataDir).rootCertificate();
        Files.createDirectories(work);
        FleetDemo fleet = new FleetDemo(console, this::cli, node, work, rootCa);
        List<String> names = fleet.provision(options.devices());
        FleetDemo.Telemetry telemetry = fleet.liveTelemetry(names, options.telemetry(), connected);

        console.title("3. Attacks");
        MonitoringDemo monitoring = new MonitoringDemo(node, rootCa);
        List<AttackOutcome> outcomes = attacks(node, names, telemetry.devices(), work, rootCa, monitoring, connected);

        console.title("4. Security monitoring: the attacks above, seen by their behaviour");
        boolean allAlarmed = reportAlarms(monitoring.await(Duration.ofSeconds(10)));
        String quarantine = monitoring.quarantine();
        if (quarantine.startsWith("quarantined") || quarantine.startsWith("contained")) {
            console.ok("the shared certificate's device: " + console.green(quarantine));
        } else {
            console.fail("the shared certificate's device: " + console.red(quarantine));
            allAlarmed = false;
        }

        console.title("5. Compliance: the node judged by its own checks");
        if (!new ComplianceDemo(console, this::cli).show()) {
            console.fail("the compliance report missed what the demo node is known to lack");
            allAlarmed = false;
        }

        console.title("6. Incident response: drills against the live node, each phase against the seed's clocks");
        if (!new IncidentDemo(console, this::cli, node, rootCa, work).show()) {
            console.fail("a drill was not contained");
            allAlarmed = false;
        }

        console.title("7. Regions: one IAM for several regions, each deciding from its own copy");
        if (!new RegionDemo(console, node, dataDir, options.regions().get(1)).show()) {
            allAlarmed = false;
        }

        console.title("8. Failover: a region fails, its standby serves its devices, failback brings their data home");
        if (!new FailoverDemo(console, node, dataDir, options.regions().get(2)).show()) {
            allAlarmed = false;
        }

        console.title("9. Device layer: signed firmware, a rollout, and what the devices themselves refuse");
        if (!new FirmwareDemo(console, node, work, this::cli).show()) {
            allAlarmed = false;
        }

        console.title("10. The web console: what the sections above left, for the security operator");
        if (!new ConsoleDemo(console, this::cli, node.adminPort(), rootCa, work).show()) {
            allAlarmed = false;
        }

        return results(outcomes, telemetry) && allAlarmed ? 0 : 1;
    }

    /** The attacks' table; true when every attack was blocked and the dashboard received every message. */
    private boolean results(List<AttackOutcome> outcomes, FleetDemo.Telemetry telemetry) {
        console.title("Results");
        console.table(outcomes);
        boolean allBlocked = outcomes.stream().allMatch(AttackOutcome::blocked);
        boolean allDelivered = telemetry.received().sum() >= telemetry.sent();
        if (!allDelivered) {
            console.fail(
                    "the dashboard received " + telemetry.received().sum() + " of " + telemetry.sent() + " messages");
        }
        return allBlocked && allDelivered;
    }

    /** Section 3: attacks on every layer, each blocked, then attacks only their behaviour gives away. */
    private List<AttackOutcome> attacks(
            WardenNode node,
            List<String> names,
            Map<String, DemoDevice> devices,
            Path work,
            Path rootCa,
            MonitoringDemo monitoring,
            List<DemoDevice> connected)
            throws Exception {
        Attacks attacks = new Attacks(node.mqttPort(), rootCa, work);
        List<AttackOutcome> outcomes = new ArrayList<>();
        outcomes.add(report(attacks.noClientCertificate()));
        outcomes.add(report(attacks.unknownCa()));
        outcomes.add(report(attacks.tlsDowngrade(work.resolve("sensor-01"), "sensor-01")));
        DemoDevice first = devices.get(names.get(0));
        outcomes.add(report(attacks.crossTopicPublish(first, names.get(Math.min(1, names.size() - 1)))));
        outcomes.add(report(attacks.subscribeToEverything(first)));
        DemoDevice stolen = devices.get(names.get(names.size() - 1));
        outcomes.add(report(attacks.revokedCertificate(
                stolen,
                () -> cli("device", "revoke", stolen.thing, "--reason", "keyCompromise"),
                stolen::disconnectedAt)));
        behaviourAttacks(monitoring, node, names, devices, work, connected);
        // Last: the ban it ends in shuts this host out of the gateway for a while.
        DemoDevice late = DemoDevice.of(names.get(0), work.resolve(names.get(0)), node.mqttPort(), rootCa);
        first.close();
        monitoring.expect("handshake-failure-burst", "sourceip/127.0.0.1");
        outcomes.add(report(
                attacks.connectionFlood(() -> !node.gateway().firewall().bans().isEmpty(), late)));
        return outcomes;
    }

    /** Attacks that no single packet gives away: the monitor's built-in profile catches them by their behaviour. */
    private void behaviourAttacks(
            MonitoringDemo monitoring,
            WardenNode node,
            List<String> names,
            Map<String, DemoDevice> devices,
            Path work,
            List<DemoDevice> connected)
            throws Exception {
        monitoring.topicScan(devices.get(names.get(0)));
        monitoring.flood(devices.get(names.get(1 % names.size())));
        String flapper = names.get(2 % names.size());
        monitoring.flapping(flapper, work.resolve(flapper));
        Path password = work.resolve("operator.password");
        Files.writeString(password, "a long operator passphrase " + System.nanoTime());
        cli("user", "create", "operator", "--password-file", password.toString());
        monitoring.bruteForce("https://localhost:" + node.adminPort(), "operator");
        String shared = names.get(3 % names.size());
        connected.add(monitoring.sharedCertificate(devices.get(shared), work.resolve(shared)));
    }

    private boolean reportAlarms(List<MonitoringDemo.Alarm> alarms) {
        boolean all = true;
        for (MonitoringDemo.Alarm a : alarms) {
            if (a.millisFromAttack() < 0) {
                console.fail(a.behaviour() + " on " + a.target() + ": " + console.red("no alarm"));
                all = false;
            } else {
                console.ok(a.behaviour() + " on " + a.target() + ": " + console.green("alarm") + " " + a.detail()
                        + ", " + String.format(java.util.Locale.ROOT, "%.1f s", a.millisFromAttack() / 1000.0)
                        + " after the attack began");
            }
        }
        return all;
    }

    private AttackOutcome report(AttackOutcome outcome) {
        if (outcome.blocked()) {
            console.ok(outcome.attack() + ": " + console.green("blocked") + " — " + outcome.how() + " ("
                    + outcome.elapsedText() + ")");
        } else {
            console.fail(outcome.attack() + ": " + console.red("NOT blocked") + " — " + outcome.how());
        }
        return outcome;
    }

    /** Runs a {@code warden} command in-process against the demo's node; a failure stops the demo. */
    private String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(dataDir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(
                all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new IllegalStateException("warden " + String.join(" ", args) + " failed: "
                    + err.toString().trim());
        }
        return out.toString();
    }

    /** An attacker who holds the database cuts the trail's newest checkpoint and its events, on a copy. */
    private int cutTheTrail(WardenNode node) throws IOException {
        var problem = TrailCutDemo.cutAndVerify(
                dataDir, node.config().region(), dev.warden.cli.AuditKeyFiles.trusted(null, dataDir));
        if (problem == null) {
            console.fail("a trail cut after its newest checkpoint went unnoticed");
            return 1;
        }
        console.ok("attack: the newest checkpoint and its events deleted from a copy of the database -> detected," + " "
                + problem.kind() + " (the anchor file outside the database still records them)");
        return 0;
    }

    private VerificationReport verifyTrail(WardenNode node) {
        var publicKey = Pem.parsePublicKey(read(new NodeLayout(dataDir).auditPublicKey()));
        try (var database = dev.warden.storage.Database.open(null, dataDir)) {
            return new StoredTrailVerifier(new AuditStore(database), publicKey, Signatures.preferred())
                    .verify(node.config().region(), null, null);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A free port below the kernel's ephemeral range, where no outgoing connection can take it between this check
     * and the node's bind.
     */
    private static int freePort() throws IOException {
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
        for (int i = 0; i < 12_000; i++) {
            int port = 20_000 + (start + i) % 12_000;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
