package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT.js — a third client implementation nobody here wrote — against the gateway over mutual TLS: QoS 2, retained
 * messages, wills (delayed, and cancelled by a reconnect) and persistent sessions, on MQTT 3.1.1 and 5, and the MQTT 5
 * features (subscription identifiers, DISCONNECT session expiry, outbound topic aliases, Server Keep Alive, assigned
 * client identifiers, request/response with No Local); the scenarios are in src/test/mqttjs/interop.mjs.
 */
@Tag("node")
class MqttJsInteropTest {
    private static final Path SCRIPT_DIR = Path.of("src", "test", "mqttjs").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void mqttJsInteroperatesOnBothProtocolVersions() {
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("mqtt"))) {
            // The pinned version from package-lock.json, from the npm registry (CI installs node and npm).
            Processes.Result install = Processes.run(SCRIPT_DIR, List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        try (GatewayHarness harness = new GatewayHarness(dir)) {
            for (String thing : List.of(
                    "dev-a",
                    "dev-b",
                    "dev-c",
                    "reader-q4",
                    "reader-q5",
                    "reader-r4",
                    "reader-r5",
                    "reader-w4",
                    "reader-w5",
                    "reader-p4",
                    "reader-p5",
                    "reader-wd",
                    "reader-wc",
                    "reader-ws4",
                    "reader-ws5",
                    "reader-jsi",
                    "reader-jde",
                    "reader-jta",
                    "rig-rr")) {
                harness.ca.device(thing);
            }
            Path files = harness.ca.caFile().getParent();
            int webSocketPort = harness.gateway.listenWebSocket(0);
            Processes.Result run = Processes.run(
                    SCRIPT_DIR,
                    List.of(
                            "node",
                            "interop.mjs",
                            Integer.toString(harness.port()),
                            harness.ca.caFile().toString(),
                            files.toString(),
                            Integer.toString(webSocketPort)),
                    120);
            assertThat(run.output())
                    .as(run.output())
                    .contains(
                            "PASS qos2 v4",
                            "PASS qos2 v5",
                            "PASS retained v4",
                            "PASS retained v5",
                            "PASS will v4",
                            "PASS will v5",
                            "PASS persistentSession v4",
                            "PASS persistentSession v5",
                            "PASS willDelay v5",
                            "PASS webSocket v4",
                            "PASS webSocket v5",
                            "PASS willDelayCancelledByReconnect v5",
                            "PASS subscriptionIdentifiers v5",
                            "PASS disconnectSessionExpiry v5",
                            "PASS outboundTopicAliases v5",
                            "PASS serverKeepAlive v5",
                            "PASS assignedClientIdentifier v5",
                            "PASS requestResponseOneCertificateNoLocal v5")
                    .doesNotContain("FAIL");
            assertThat(run.exitCode()).isZero();
        }
    }
}
