package dev.warden.bench;

import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.firmware.FirmwareUpdater;
import dev.warden.device.firmware.JobAgent;
import dev.warden.firmware.PublishRequest;
import dev.warden.jobs.CreateJob;
import dev.warden.jobs.JobExecution;
import dev.warden.jobs.JobSettings;
import dev.warden.jobs.JobStatus;
import dev.warden.jobs.rollout.ExecutionStatus;
import dev.warden.jobs.rollout.RolloutRate;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rollout to real devices: DEVICES device SDKs, each its own mTLS MQTT connection, run the SDK's {@link JobAgent},
 * which on each job refreshes the TUF metadata over HTTP, downloads the 1 MiB image over HTTPS, checks its length,
 * SHA-256 and SHA-512 against the signed targets and only then "installs" it and reports SUCCEEDED. The job goes to
 * all of them at RATE per minute; the run is timed from the job's creation to COMPLETED, against what the rate allows.
 *
 * <p>Usage: {@code java -cp warden-bench.jar dev.warden.bench.DeviceRolloutBench [DEVICES] [RATE]}; see
 * {@code warden-bench/scripts/device-rollout.sh}.
 */
public final class DeviceRolloutBench {
    private static final String JOB = "bench-device-rollout";

    private DeviceRolloutBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("device-rollout-bench");
        // The whole fleet connects from 127.0.0.1: the per-address limits are raised for it, as for a NAT gateway.
        Map<ConfigKey, String> fleetFromOneAddress = Map.of(
                ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP, String.valueOf(devices + 10),
                ConfigKey.MQTT_CONNECTION_RATE, String.valueOf(Math.max(100, devices)),
                ConfigKey.MQTT_CONNECTION_BURST, String.valueOf(devices + 10));
        try (WardenNode node = RegionBenchNodes.node(dir, "eu-west-1", fleetFromOneAddress)) {
            byte[] image = new byte[1024 * 1024];
            new Random(7).nextBytes(image);
            node.firmware().publish(new PublishRequest("sensor", "2.0.0", null, null, image), "bench");
            X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("eu-west-1/pki/root.crt")));
            byte[] shippedRoot = shippedRoot(node);
            AtomicInteger installed = new AtomicInteger();
            List<AutoCloseable> open = new ArrayList<>();
            List<String> things = new ArrayList<>();
            long connecting = System.nanoTime();
            try {
                for (int i = 0; i < devices; i++) {
                    String thing = String.format("fleet-%05d", i);
                    DeviceClient client = DeviceClient.connect(
                            enroll(node, thing),
                            DeviceClientConfig.of("localhost", node.mqttPort()).withDeploymentRoots(List.of(root)));
                    open.add(client);
                    FirmwareUpdater updater = new FirmwareUpdater(
                            dir.resolve("devices/" + thing), shippedRoot, List.of(root), null, Clock.systemUTC());
                    open.add(new JobAgent(client, updater, verified -> installed.incrementAndGet()).start());
                    things.add(thing);
                }
                System.out.printf(
                        "%d devices enrolled and connected over mTLS in %.1f s%n",
                        devices, (System.nanoTime() - connecting) / 1e9);
                rollout(node, things, rate, installed);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
        System.exit(0);
    }

    private static void rollout(WardenNode node, List<String> things, int rate, AtomicInteger installed)
            throws InterruptedException {
        JobSettings settings = new JobSettings(new RolloutRate.Constant(rate), List.of(), null, null, null, List.of());
        long started = System.nanoTime();
        node.jobs().create(new CreateJob(JOB, "sensor", "2.0.0", things, List.of(), settings), "bench");
        while (node.jobs().job(JOB).status() != JobStatus.COMPLETED) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<JobExecution> executions = node.jobs().executions(JOB, things.size());
        long succeeded = executions.stream()
                .filter(e -> e.status() == ExecutionStatus.SUCCEEDED)
                .count();
        double allowed = (Math.ceil((double) things.size() / rate) - 1) * 60;
        System.out.printf(
                "rollout to %d real devices at %d/min completed in %.1f s (the rate allows it in %.0f s); %d"
                        + " succeeded, %d images verified and installed%n",
                things.size(), rate, seconds, allowed, succeeded, installed.get());
    }

    private static DeviceCredentials enroll(WardenNode node, String thing) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), "sensor", Map.of(), null);
        return new DeviceCredentials(
                thing, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }

    /** The repository's first root metadata, as a device is built with it. */
    private static byte[] shippedRoot(WardenNode node) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + node.publicPort() + "/tuf/sensor/1.root.json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no root metadata: HTTP " + response.statusCode());
        }
        return response.body();
    }
}
