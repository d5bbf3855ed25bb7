package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.warden.testkit.Processes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firmware update end to end, checked by clients Warden did not write: a release is published and signed (TUF
 * metadata, KMS keys), a job reaches a device over MQTT (the HiveMQ client), and tuf-js, with the metadata URL and the
 * one-hour download URL of the device's job document, verifies the metadata chain and downloads the image. The device
 * reports success and the job completes; a revoked release leaves the metadata; a forged grant downloads nothing.
 */
@Tag("node")
class FirmwareUpdateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TUFJS =
            Path.of("..", "warden-tuf", "src", "test", "tufjs").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aDeviceGetsItsJobAndTufJsVerifiesAndDownloadsTheRelease() throws Exception {
        installTufJs();
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN a release of sensor firmware and a sensor connected over MQTT, listening for jobs
            byte[] image = new byte[700 * 1024];
            new Random(25).nextBytes(image);
            ok(node.cli(
                    "firmware",
                    "publish",
                    "--type",
                    "sensor",
                    "--version",
                    "2.4.0",
                    "--file",
                    Files.write(dir.resolve("fw.bin"), image).toString()));
            Path device = dir.resolve("device");
            ok(node.cli("device", "enroll", "sensor-1", "--type", "sensor", "--out", device.toString()));
            Path root = node.dataDir.resolve("pki/root.crt");
            Mqtt5BlockingClient client = TestDevices.mqtt5(device, "sensor-1", root, node.node.mqttPort(), null)
                    .buildBlocking();
            client.connect();
            String jobs = "$warden/things/sensor-1/jobs/";
            try (Mqtt5BlockingClient.Mqtt5Publishes replies =
                    client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                client.subscribeWith()
                        .topicFilter(jobs + "#")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();

                // WHEN a job targets it
                ok(node.cli(
                        "job",
                        "create",
                        "update-24",
                        "--type",
                        "sensor",
                        "--release",
                        "2.4.0",
                        "--thing",
                        "sensor-1",
                        "--abort-failed-percent",
                        "10",
                        "--timeout-minutes",
                        "30"));

                // THEN it is notified, and its job document names what to fetch and where to verify it
                JsonNode notify = next(replies, jobs + "notify");
                assertThat(notify.path("jobs")
                                .path("queuedJobs")
                                .get(0)
                                .path("jobId")
                                .asText())
                        .isEqualTo("update-24");
                client.publishWith()
                        .topic(jobs + "update-24/get")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                JsonNode document = next(replies, jobs + "update-24/get/accepted")
                        .path("execution")
                        .path("jobDocument");
                assertThat(document.path("target").asText()).isEqualTo("sensor/2.4.0/firmware.bin");

                // AND tuf-js verifies the signed metadata from the node's first root and downloads exactly the image
                Path shippedRoot =
                        Files.createDirectories(dir.resolve("tufjs-metadata")).resolve("root.json");
                Files.write(
                        shippedRoot,
                        get(document.path("metadata").asText() + "1.root.json").body());
                JsonNode result = tufJs(
                        document.path("metadata").asText(),
                        document.path("images").asText(),
                        root,
                        "sensor/2.4.0/firmware.bin");
                assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
                assertThat(result.path("targets")
                                .path("sensor/2.4.0/firmware.bin")
                                .path("sha256")
                                .asText())
                        .isEqualTo(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(image)));

                // AND when the root key and the timestamp key are replaced, tuf-js (trusting root 1) follows the
                // chain: root 2 vouched for by the old root key, root 3 listing the new timestamp key
                assertThat(ok(node.cli("firmware", "rotate-key", "--role", "root"))
                                .out())
                        .contains("The root role now signs with warden-tuf-root-");
                ok(node.cli("firmware", "rotate-key", "--role", "timestamp"));
                JsonNode rotated = tufJs(
                        document.path("metadata").asText(),
                        document.path("images").asText(),
                        root,
                        "sensor/2.4.0/firmware.bin");
                assertThat(rotated.path("ok").asBoolean())
                        .as(rotated.toString())
                        .isTrue();
                assertThat(rotated.path("root").asInt()).isEqualTo(3);
                assertThat(ok(node.cli("kms", "list-keys")).out()).contains("PENDING_DELETION");

                // AND the device's report completes the job
                report(client, jobs, "IN_PROGRESS", replies);
                report(client, jobs, "SUCCEEDED", replies);
                Waits.until(
                        "the job completes",
                        Duration.ofSeconds(10),
                        () -> node.cli("job", "show", "update-24").out().contains("COMPLETED"));
            } finally {
                client.disconnect();
            }

            // AND a grant altered to another release downloads nothing
            HttpResponse<byte[]> forged = get(
                    "https://localhost:" + node.node.adminPort()
                            + "/firmware/images/Zm9yZ2Vk.Zm9yZ2Vk/sensor/2.4.0/x.firmware.bin",
                    root);
            assertThat(forged.statusCode()).isEqualTo(403);

            // AND once revoked, the release is no longer in the metadata tuf-js trusts
            ok(node.cli("firmware", "revoke", "--type", "sensor", "--version", "2.4.0", "--reason", "recalled"));
            JsonNode afterRevoke = tufJs(
                    "http://127.0.0.1:" + node.node.publicPort() + "/tuf/sensor/",
                    "http://127.0.0.1:1/",
                    root,
                    "sensor/2.4.0/firmware.bin");
            assertThat(afterRevoke.path("error").asText())
                    .as(afterRevoke.toString())
                    .isEqualTo("TargetNotFound");

            // AND the trail holds the job, the download by the thing, the completion and the KMS signatures
            node.node.audit().log().flushAndSign();
            String trail =
                    ok(node.cli("audit", "query", "--json", "--limit", "1000")).out();
            assertThat(trail)
                    .contains(
                            "iot:CreateJob",
                            "iot:GetFirmwareImage",
                            "iot:UpdateJobExecution",
                            "iot:CompleteJob",
                            "kms:Sign");
        }
    }

    private void report(
            Mqtt5BlockingClient client, String jobs, String status, Mqtt5BlockingClient.Mqtt5Publishes replies)
            throws Exception {
        client.publishWith()
                .topic(jobs + "update-24/update")
                .payload(("{\"status\":\"" + status + "\",\"statusDetails\":{\"step\":\"" + status + "\"}}")
                        .getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        JsonNode accepted = next(replies, jobs + "update-24/update/accepted");
        assertThat(accepted.path("execution").path("status").asText()).isEqualTo(status);
    }

    private static JsonNode next(Mqtt5BlockingClient.Mqtt5Publishes replies, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var message = replies.receive(1, TimeUnit.SECONDS);
            if (message.isPresent() && message.get().getTopic().toString().equals(topic)) {
                return JSON.readTree(message.get().getPayloadAsBytes());
            }
            if (message.isPresent() && message.get().getTopic().toString().endsWith("/rejected")) {
                throw new AssertionError("rejected: "
                        + new String(
                                message.map(Mqtt5Publish::getPayloadAsBytes).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("nothing on " + topic + " within 10 s");
    }

    /** tuf-js's Updater, as a device runs it, trusting the node's root CA for the HTTPS download. */
    private JsonNode tufJs(String metadataUrl, String imagesUrl, Path caRoot, String target) throws Exception {
        Path targets = Files.createDirectories(dir.resolve("tufjs-targets"));
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        "node",
                        TUFJS.resolve("update.mjs").toString(),
                        metadataUrl,
                        imagesUrl,
                        dir.resolve("tufjs-metadata").toString(),
                        targets.toString(),
                        target))
                .directory(TUFJS.toFile())
                .redirectErrorStream(true);
        pb.environment().put("NODE_EXTRA_CA_CERTS", caRoot.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static void installTufJs() {
        if (!Files.isDirectory(TUFJS.resolve("node_modules").resolve("tuf-js"))) {
            Processes.Result install = Processes.run(TUFJS, List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String url, Path caRoot) throws Exception {
        var cert = dev.warden.pki.Pem.parseCertificate(Files.readString(caRoot));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(dev.warden.registry.tls.TlsSettings.clientContext(List.of(cert), null, null))
                .build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
