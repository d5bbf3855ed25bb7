package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.demo.TamperingMirror;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.firmware.FirmwareUpdater;
import dev.warden.device.firmware.JobAgent;
import dev.warden.device.firmware.UpdateRefusal;
import dev.warden.device.firmware.UpdateRefusedException;
import dev.warden.device.firmware.VerifiedImage;
import dev.warden.firmware.PublishRequest;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device SDK's side of a firmware update against a real node: its job agent installs a release it verified with
 * its own TUF client and raises its anti-rollback minimum; it refuses, and reports, a rollback to an older release,
 * an image tampered with on the way, an image no signed metadata names, and metadata signed by a key its root does
 * not trust. Nothing refused is installed.
 */
class DeviceFirmwareIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDeviceInstallsOnlyWhatItVerifiedAndNeverGoesBack() throws Exception {
        try (NodeHarness node = new NodeHarness(dir.resolve("data"), null)) {
            // GIVEN releases 2.3.0 and 2.4.0 (which sets the minimum to 2.4.0), and a sensor running the SDK
            node.node.firmware().publish(new PublishRequest("sensor", "2.3.0", null, null, image("2.3.0")), "test");
            node.node.firmware().publish(new PublishRequest("sensor", "2.4.0", "2.4.0", null, image("2.4.0")), "test");
            X509Certificate root = Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")));
            byte[] shippedRoot = get("http://127.0.0.1:" + node.node.publicPort() + "/tuf/sensor/1.root.json");
            FirmwareUpdater updater = new FirmwareUpdater(
                    dir.resolve("device-state"), shippedRoot, List.of(root), null, Clock.systemUTC());
            List<VerifiedImage> installed = new CopyOnWriteArrayList<>();
            try (DeviceClient client = DeviceClient.connect(
                            enroll(node, "sensor-1"),
                            DeviceClientConfig.of("localhost", node.node.mqttPort())
                                    .withDeploymentRoots(List.of(root)));
                    JobAgent agent = new JobAgent(client, updater, installed::add).start()) {

                // WHEN a job installs 2.4.0
                ok(node.cli(
                        "job", "create", "to-240", "--type", "sensor", "--release", "2.4.0", "--thing", "sensor-1"));
                // THEN the device verified and installed exactly its bytes, and its minimum is now 2.4.0
                Waits.until("2.4.0 is installed", Duration.ofSeconds(15), () -> !installed.isEmpty());
                assertThat(installed.get(0).bytes()).isEqualTo(image("2.4.0"));
                Waits.until(
                        "the job completes",
                        Duration.ofSeconds(15),
                        () -> status(node, "to-240").equals("COMPLETED"));
                assertThat(updater.minimum()).hasToString("2.4.0");

                // WHEN a job tries to take it back to 2.3.0
                ok(node.cli(
                        "job", "create", "to-230", "--type", "sensor", "--release", "2.3.0", "--thing", "sensor-1"));
                // THEN the device rejects it as a rollback, and still runs 2.4.0
                Waits.until(
                        "the rollback is rejected",
                        Duration.ofSeconds(15),
                        () -> execution(node, "to-230").path("status").asText().equals("REJECTED"));
                assertThat(execution(node, "to-230")
                                .path("statusDetails")
                                .path("reason")
                                .asText())
                        .isEqualTo("ROLLBACK");
                assertThat(installed).hasSize(1);
                assertThat(updater.running()).get().hasToString("2.4.0");
            }

            URI metadata = URI.create("http://127.0.0.1:" + node.node.publicPort() + "/tuf/sensor/");
            // AND an image altered on its way (a server that alters every byte it serves) is refused
            try (TamperingMirror tampering = new TamperingMirror(image("2.4.0"))) {
                UpdateRefusedException tampered = catchThrowableOfType(
                        UpdateRefusedException.class,
                        () -> updater.fetch(metadata, tampering.url(), "sensor/2.4.0/firmware.bin"));
                assertThat(tampered.reason()).isEqualTo(UpdateRefusal.IMAGE_INVALID);
                assertThat(tampered.getMessage()).contains("HASH_MISMATCH");
            }
            // AND an image no signed metadata names is refused before anything is downloaded
            UpdateRefusedException unsigned = catchThrowableOfType(
                    UpdateRefusedException.class,
                    () -> updater.fetch(metadata, URI.create("https://127.0.0.1:1/"), "sensor/9.9.9/firmware.bin"));
            assertThat(unsigned.reason()).isEqualTo(UpdateRefusal.NOT_RELEASED);
            // AND a device whose shipped root is another repository's trusts none of this one's metadata
            byte[] otherRoot = shippedRootOfAnotherNode();
            FirmwareUpdater stranger = new FirmwareUpdater(
                    dir.resolve("stranger-state"), otherRoot, List.of(root), null, Clock.systemUTC());
            UpdateRefusedException foreign = catchThrowableOfType(
                    UpdateRefusedException.class,
                    () -> stranger.fetch(metadata, URI.create("https://127.0.0.1:1/"), "sensor/2.4.0/firmware.bin"));
            assertThat(foreign.reason()).isEqualTo(UpdateRefusal.METADATA_INVALID);
            assertThat(installed).hasSize(1);
        }
    }

    private byte[] shippedRootOfAnotherNode() throws Exception {
        try (NodeHarness other = new NodeHarness(dir.resolve("other"), null)) {
            other.node.firmware().publish(new PublishRequest("sensor", "1.0", null, null, image("1.0")), "test");
            return get("http://127.0.0.1:" + other.node.publicPort() + "/tuf/sensor/1.root.json");
        }
    }

    private static String status(NodeHarness node, String job) {
        return node.node.jobs().job(job).status().name();
    }

    private static JsonNode execution(NodeHarness node, String job) {
        var e = node.node.jobs().executions(job, 1).get(0);
        return JSON.valueToTree(Map.of("status", e.status().name(), "statusDetails", e.details()));
    }

    private static DeviceCredentials enroll(NodeHarness node, String thing) {
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        IssuedCertificate issued =
                node.node.certificates().enroll(thing, CsrBuilder.buildCsrDer(key, thing), "sensor", Map.of(), null);
        return new DeviceCredentials(
                thing, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
    }

    private static byte[] image(String version) {
        byte[] bytes = new byte[64 * 1024];
        java.util.Arrays.fill(bytes, (byte) version.hashCode());
        byte[] label = ("firmware " + version).getBytes();
        System.arraycopy(label, 0, bytes, 0, label.length);
        return bytes;
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
