package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.pki.Pem;
import dev.warden.testkit.Processes;
import dev.warden.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An independent MQTT implementation (mosquitto_sub, OpenSSL) receives what a DeviceClient publishes. */
@Tag("mosquitto")
class MosquittoInteropTest {
    @TempDir
    Path dir;

    @Test
    void mosquittoSubReceivesTheDevicesQos1Telemetry() throws Exception {
        Processes.requireTool("mosquitto_sub");
        TestCa ca = TestCa.create("trusted");
        try (TestGateway gateway = new TestGateway(ca)) {
            DeviceCredentials reader = TestCredentials.device(ca.device("reader-mosquitto"));
            CredentialStore.open(dir, reader.thingName()).save(reader);
            Files.writeString(dir.resolve("root.pem"), Pem.encode(ca.root()));
            Files.writeString(dir.resolve("reader.crt"), Pem.encode(reader.presentedChain()));
            CompletableFuture<Processes.Result> sub = CompletableFuture.supplyAsync(() -> Processes.run(
                    dir,
                    List.of(
                            "mosquitto_sub",
                            "-h",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(gateway.port()),
                            "--cafile",
                            "root.pem",
                            "--cert",
                            "reader.crt",
                            "--key",
                            reader.thingName() + ".key",
                            "-V",
                            "mqttv5",
                            "-i",
                            reader.thingName(),
                            "-q",
                            "1",
                            "-t",
                            "devices/mosq-device/telemetry",
                            "-C",
                            "1",
                            "-W",
                            "15"),
                    20));

            try (DeviceClient device =
                    DeviceClient.connect(TestCredentials.device(ca.device("mosq-device")), gateway.clientConfig())) {
                // mosquitto_sub's SUBSCRIBE races with the first publish: repeat until it has received one.
                while (!sub.isDone()) {
                    device.publishTelemetry("hello mosquitto".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                            .get(5, TimeUnit.SECONDS);
                    Thread.sleep(200);
                }
            }
            Processes.Result result = sub.get(20, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("hello mosquitto");
        }
    }
}
