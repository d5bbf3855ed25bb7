package dev.warden.bench;

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
import dev.warden.testkit.SoftHsm2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Firmware figures of issue 25, on one node in this JVM:
 *
 * <ul>
 *   <li>publishing throughput: RELEASES releases of a 1 MiB image, one after another, each hashed (SHA-256, SHA-512),
 *       stored encrypted in the firmware bucket and published as new targets, snapshot and timestamp metadata, each
 *       signed by its KMS key; with the KMS master key in its passphrase-protected file, then in SoftHSM2, then with
 *       the TUF keys themselves in SoftHSM2 (KMS keys of origin HSM: each signature is made by the token);
 *   <li>a rollout's duration against its rate: a job for DEVICES things at RATE per minute, each execution reported
 *       SUCCEEDED as soon as it is notified (devices that answer at once), timed from creation to COMPLETED.
 * </ul>
 *
 * <p>Usage: {@code java -cp warden-bench.jar dev.warden.bench.FirmwareBench [RELEASES] [DEVICES] [RATE]} (SoftHSM2
 * needs {@code SOFTHSM2_CONF}; {@code warden-bench/scripts/firmware.sh} sets it).
 */
public final class FirmwareBench {
    private FirmwareBench() {}

    public static void main(String[] args) throws Exception {
        int releases = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path dir = Files.createTempDirectory("firmware-bench");
        try (WardenNode node = RegionBenchNodes.node(dir.resolve("file"), "eu-west-1")) {
            publish("KMS master key in a file", node, releases);
            rollout(node, devices, rate);
        }
        try (WardenNode node = RegionBenchNodes.node(
                dir.resolve("hsm"),
                "eu-west-1",
                Map.of(ConfigKey.KMS_HSM, SoftHsm2.jvmToken().uri()))) {
            publish("KMS master key in SoftHSM2", node, releases);
        }
        // The node's hsm (as for CA keys) with firmware-key-origin hsm: the role keys are made in the token and sign
        // there; the master key is in its file again, so that only where the signatures are made differs.
        try (WardenNode node = RegionBenchNodes.node(
                dir.resolve("tuf-hsm"),
                "eu-west-1",
                Map.of(ConfigKey.HSM, SoftHsm2.jvmToken().uri(), ConfigKey.FIRMWARE_KEY_ORIGIN, "hsm"))) {
            publish("TUF keys in SoftHSM2", node, releases);
        }
        System.exit(0);
    }

    private static void publish(String label, WardenNode node, int releases) {
        byte[] image = new byte[1024 * 1024];
        new Random(1).nextBytes(image);
        node.firmware().publish(new PublishRequest("warmup", "1.0", null, null, image), "bench");
        List<Long> millis = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < releases; i++) {
            image[0] = (byte) i; // a different image each time
            long t = System.nanoTime();
            node.firmware().publish(new PublishRequest("sensor", "1." + i, null, null, image), "bench");
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%s: %d releases of 1 MiB published and signed in %.1f s: %.1f releases/s%n",
                label, releases, seconds, releases / seconds);
        RegionBenchNodes.print("per release", millis);
    }

    private static void rollout(WardenNode node, int devices, int rate) throws InterruptedException {
        List<String> things = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String thing = String.format("rollout-%05d", i);
            KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
            node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), "sensor", Map.of(), null);
            things.add(thing);
        }
        JobSettings settings = new JobSettings(new RolloutRate.Constant(rate), List.of(), null, null, null, List.of());
        long started = System.nanoTime();
        node.jobs().create(new CreateJob("bench-rollout", "sensor", "1.0", things, List.of(), settings), "bench");
        long firstDone = 0;
        while (node.jobs().job("bench-rollout").status() != JobStatus.COMPLETED) {
            for (JobExecution e : node.jobs().executions("bench-rollout", devices)) {
                if (e.notifiedAt().isPresent() && e.status() == ExecutionStatus.QUEUED) {
                    node.jobs().deviceUpdate(e.thing(), "bench-rollout", ExecutionStatus.SUCCEEDED, null, null);
                    if (firstDone == 0) {
                        firstDone = System.nanoTime();
                    }
                }
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double expected = Math.ceil((double) devices / rate) - 1;
        System.out.printf(
                "rollout: %d devices at %d/min completed in %.1f s (the rate allows it in %.0f s: the first %d at once,"
                        + " the rest a minute later each); first success %.1f s after creation%n",
                devices, rate, seconds, expected * 60, Math.min(devices, rate), (firstDone - started) / 1e9);
    }
}
