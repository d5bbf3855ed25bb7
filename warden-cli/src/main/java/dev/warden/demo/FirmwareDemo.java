package dev.warden.demo;

import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.firmware.BootAttestor;
import dev.warden.device.firmware.FirmwareUpdater;
import dev.warden.device.firmware.JobAgent;
import dev.warden.device.firmware.UpdateRefusedException;
import dev.warden.device.firmware.VerifiedImage;
import dev.warden.jobs.Job;
import dev.warden.jobs.JobStatus;
import dev.warden.node.NodeLayout;
import dev.warden.node.WardenNode;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The demo's device layer: two releases are signed (TUF metadata, KMS keys), a job rolls 2.4.0 out to three sensors
 * that each verify it with their own TUF client before installing it; then each thing an attacker might try is
 * refused by the device itself: an image altered on its way, an image no signed metadata names, and a job that would
 * take the fleet back to 2.3.0 (rejected as a rollback, until the job's abort criteria stop it). Last, boot
 * attestation: a device reporting an image no release has is caught and quarantined; and a reading sealed for the
 * application, which the node stores but cannot open.
 */
final class FirmwareDemo {
    private static final String TYPE = "sensor";
    private static final int DEVICES = 3;
    /** Not 127.0.0.1: the attacks of section 3 had the firewall ban it. */
    private static final String DEVICE_ADDRESS = "127.0.9.11";

    private static final java.time.Duration ATTEST_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final DemoConsole console;
    private final WardenNode node;
    private final Path work;
    private final Function<String[], String> cli;

    FirmwareDemo(DemoConsole console, WardenNode node, Path work, Function<String[], String> cli) {
        this.console = console;
        this.node = node;
        this.work = work;
        this.cli = cli;
    }

    /** False when a device installed something it should not have, or a step did not happen. */
    boolean show() throws Exception {
        byte[] v240 = image("2.4.0");
        publishReleases(v240);

        X509Certificate root = Pem.parseCertificates(
                        Files.readString(new NodeLayout(work.getParent()).rootCertificate()))
                .get(0);
        byte[] shippedRoot = get("http://127.0.0.1:" + node.publicPort() + "/tuf/" + TYPE + "/1.root.json");
        List<DeviceClient> clients = new ArrayList<>();
        List<JobAgent> agents = new ArrayList<>();
        List<FirmwareUpdater> updaters = new ArrayList<>();
        List<VerifiedImage> installed = new CopyOnWriteArrayList<>();
        List<DeviceCredentials> identities = new ArrayList<>();
        try {
            for (int i = 1; i <= DEVICES; i++) {
                String thing = "fw-sensor-" + i;
                FirmwareUpdater updater =
                        new FirmwareUpdater(work.resolve(thing), shippedRoot, List.of(root), null, Clock.systemUTC());
                identities.add(enroll(thing));
                DeviceClient client = DeviceClient.connect(
                        identities.get(i - 1),
                        DeviceClientConfig.of("localhost", node.mqttPort())
                                .withDeploymentRoots(List.of(root))
                                .withLocalAddress(InetAddress.getByName(DEVICE_ADDRESS)));
                clients.add(client);
                updaters.add(updater);
                agents.add(new JobAgent(client, updater, installed::add).start());
            }
            return rollout(installed, v240)
                    && refusals(updaters.get(0), v240)
                    && rollback(installed)
                    && attestation(clients, identities, v240)
                    && sealed(clients.get(1));
        } finally {
            agents.forEach(JobAgent::close);
            clients.forEach(DeviceClient::close);
        }
    }

    /** Publishes releases 2.3.0 and 2.4.0 (which no device below 2.4.0 may skip back from). */
    private void publishReleases(byte[] v240) throws Exception {
        cli.apply(new String[] {
            "firmware",
            "publish",
            "--type",
            TYPE,
            "--version",
            "2.3.0",
            "--file",
            Files.write(work.resolve("sensor-2.3.0.bin"), image("2.3.0")).toString()
        });
        cli.apply(new String[] {
            "firmware",
            "publish",
            "--type",
            TYPE,
            "--version",
            "2.4.0",
            "--min-version",
            "2.4.0",
            "--file",
            Files.write(work.resolve("sensor-2.4.0.bin"), v240).toString()
        });
        console.ok("releases 2.3.0 and 2.4.0 of " + TYPE + " published: images in the firmware bucket, update metadata"
                + " (TUF: root, targets, snapshot, timestamp) signed by four KMS keys that never leave the KMS");
    }

    private boolean rollout(List<VerifiedImage> installed, byte[] v240) throws Exception {
        long started = System.nanoTime();
        cli.apply(targets(new String[] {
            "job", "create", "rollout-240", "--type", TYPE, "--release", "2.4.0", "--max-per-minute", "60"
        }));
        if (!await(() -> jobStatus("rollout-240") == JobStatus.COMPLETED)) {
            console.fail("rollout-240 did not complete: " + node.jobs().counts("rollout-240"));
            return false;
        }
        boolean exact = installed.size() == DEVICES && installed.stream().allMatch(i -> Arrays.equals(i.bytes(), v240));
        if (!exact) {
            console.fail("the devices installed " + installed.size() + " images, not " + DEVICES + " of 2.4.0");
            return false;
        }
        console.ok(
                "job rollout-240: " + DEVICES + " of " + DEVICES + " sensors verified 2.4.0 with their own TUF client"
                        + " and installed it, " + (System.nanoTime() - started) / 1_000_000 + " ms; job "
                        + console.green("COMPLETED"));
        return true;
    }

    private boolean refusals(FirmwareUpdater device, byte[] v240) {
        URI metadata = URI.create("http://127.0.0.1:" + node.publicPort() + "/tuf/" + TYPE + "/");
        try (TamperingMirror mirror = new TamperingMirror(v240)) {
            if (!refused(
                    "an image altered on its way (one bit)",
                    () -> device.fetch(metadata, mirror.url(), TYPE + "/2.4.0/firmware.bin"))) {
                return false;
            }
        }
        return refused(
                "an image no signed metadata names (unsigned 9.9.9)",
                () -> device.fetch(metadata, URI.create("https://127.0.0.1:1/"), TYPE + "/9.9.9/firmware.bin"));
    }

    private boolean refused(String what, Runnable attempt) {
        try {
            attempt.run();
            console.fail("fw-sensor-1 accepted " + what);
            return false;
        } catch (UpdateRefusedException e) {
            console.ok("fw-sensor-1 refuses " + what + ": "
                    + console.green(e.reason().name()) + " (" + firstSentence(e.getMessage()) + ")");
            return true;
        }
    }

    private boolean rollback(List<VerifiedImage> installed) throws Exception {
        cli.apply(targets(new String[] {
            "job",
            "create",
            "rollback-230",
            "--type",
            TYPE,
            "--release",
            "2.3.0",
            "--abort-failed-percent",
            "50",
            "--abort-min-executed",
            "2"
        }));
        if (!await(() -> jobStatus("rollback-230") != JobStatus.IN_PROGRESS)) {
            console.fail(
                    "rollback-230 neither aborted nor ended: " + node.jobs().counts("rollback-230"));
            return false;
        }
        Job job = node.jobs().job("rollback-230");
        long rejected = node.jobs().executions("rollback-230", 10).stream()
                .filter(e -> "ROLLBACK".equals(e.details().get("reason")))
                .count();
        if (installed.size() != DEVICES || rejected < 2 || job.status() != JobStatus.CANCELED) {
            console.fail("rollback-230: " + job.status() + ", " + rejected + " devices rejected it as a rollback");
            return false;
        }
        console.ok("job rollback-230 (back to 2.3.0): " + rejected + " sensors " + console.green("REJECTED")
                + " it as a ROLLBACK (below their minimum 2.4.0), and the job " + console.green("aborted itself")
                + ": " + job.reason().orElse("").replace("aborted: ", ""));
        return true;
    }

    /**
     * Boot attestation: fw-sensor-1 reports the boot of 2.4.0 as released; fw-sensor-3 reports an image no release has
     * (what a device running implanted firmware would measure) and is caught: alarm, then quarantine.
     */
    private boolean attestation(List<DeviceClient> clients, List<DeviceCredentials> identities, byte[] v240)
            throws Exception {
        String released = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(v240));
        BootAttestor.Verdict good = new BootAttestor(
                        clients.get(0), identities.get(0).privateKey(), ATTEST_TIMEOUT)
                .start()
                .attest(TYPE, "2.4.0", released);
        if (!good.verified()) {
            console.fail("fw-sensor-1's boot of 2.4.0 was not verified: " + good.code());
            return false;
        }
        console.ok("fw-sensor-1 attests its boot (an EAT signed with its device key, over a fresh nonce): "
                + console.green("verified") + " against the signed release 2.4.0");
        long started = System.nanoTime();
        BootAttestor.Verdict bad = new BootAttestor(
                        clients.get(2), identities.get(2).privateKey(), ATTEST_TIMEOUT)
                .start()
                .attest(TYPE, "2.4.0", "6a".repeat(32));
        if (bad.verified()
                || !await(() -> cli.apply(new String[] {"monitor", "mitigations", "--json"})
                        .replaceAll("\\s", "")
                        .matches("(?s).*\"action\":\"quarantine\",[^}]*\"target\":\"thing/fw-sensor-3\".*"))) {
            console.fail("fw-sensor-3's unreleased image was not caught: " + bad.code());
            return false;
        }
        console.ok("fw-sensor-3 reports booting an image no release has: " + console.green(bad.code())
                + ", alarm attestation-failure, " + console.green("quarantined") + " "
                + (System.nanoTime() - started) / 100_000_000 / 10.0 + " s after its report");
        return true;
    }

    /**
     * Payloads only the application can read: the dashboard publishes its public key, fw-sensor-2 seals a reading to
     * it, the node stores an envelope it cannot open, and the dashboard opens it with its own private key.
     */
    private boolean sealed(DeviceClient device) throws Exception {
        dev.warden.e2e.RecipientKeys dashboard = dev.warden.e2e.RecipientKeys.generate();
        Path pub = Files.writeString(work.resolve("dashboard.public.json"), dashboard.publicJson());
        cli.apply(new String[] {"e2e", "put", "dashboard", "--public-keyset", pub.toString()});
        String topic = "devices/" + device.thingName() + "/telemetry";
        byte[] reading = "{\"t\":21.5,\"note\":\"for the dashboard only\"}".getBytes(StandardCharsets.UTF_8);
        dev.warden.device.e2e.SealedPublisher.fetch(device, "dashboard", ATTEST_TIMEOUT)
                .publish(topic, reading, dev.warden.device.Qos.AT_LEAST_ONCE);
        List<dev.warden.telemetry.TelemetryMessage> stored = new ArrayList<>();
        await(() -> {
            stored.clear();
            stored.addAll(
                    node.telemetry().query(device.thingName(), java.time.Instant.EPOCH, java.time.Instant.now(), 10));
            return !stored.isEmpty();
        });
        byte[] kept =
                stored.isEmpty() ? new byte[0] : stored.get(stored.size() - 1).payload();
        if (!dev.warden.e2e.PayloadEnvelope.isSealed(kept)
                || !Arrays.equals(dashboard.open(topic, kept).payload(), reading)) {
            console.fail(
                    device.thingName() + "'s sealed reading was not kept sealed, or did not open for the dashboard");
            return false;
        }
        console.ok(device.thingName() + " seals a reading to the dashboard's public key (HPKE): the node stores an"
                + " envelope it cannot open (" + console.green("endToEndEncrypted") + "), the dashboard opens it with"
                + " its own private key");
        return true;
    }

    private String[] targets(String[] command) {
        List<String> all = new ArrayList<>(List.of(command));
        for (int i = 1; i <= DEVICES; i++) {
            all.add("--thing");
            all.add("fw-sensor-" + i);
        }
        return all.toArray(String[]::new);
    }

    private JobStatus jobStatus(String job) {
        return node.jobs().job(job).status();
    }

    private DeviceCredentials enroll(String thing) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), TYPE, Map.of(), null);
        return new DeviceCredentials(
                thing, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }

    private static byte[] image(String version) {
        byte[] bytes = new byte[256 * 1024];
        Arrays.fill(bytes, (byte) version.hashCode());
        byte[] label = ("sensor firmware " + version).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, label.length);
        return bytes;
    }

    /** A verification failure's code alone ("HASH_MISMATCH: target ..." -> HASH_MISMATCH), else the message. */
    private static String firstSentence(String message) {
        java.util.regex.Matcher code =
                java.util.regex.Pattern.compile("^([A-Z_]+): ").matcher(message);
        return code.find() ? code.group(1) + ", found by its own TUF client" : message.strip();
    }

    private static byte[] get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
