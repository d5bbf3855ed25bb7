package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators see and lift the gateway's bans through the CLI and API, each change audited; operators' bans survive a
 * restart; the gateway's counters are visible; a policy generated for a device that published and subscribed allows
 * those topics.
 */
@Tag("mosquitto")
class GatewayFirewallIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> tls(NodeHarness harness, String thing) {
        Path d = dir.resolve(thing);
        return List.of(
                "-h",
                "localhost",
                "-p",
                String.valueOf(harness.node.mqttPort()),
                "--cafile",
                dir.resolve("data/pki/root.crt").toString(),
                "--cert",
                d.resolve(thing + ".crt").toString(),
                "--key",
                d.resolve(thing + ".key").toString(),
                "-i",
                thing,
                "-V",
                "mqttv5");
    }

    @Test
    void operatorsListBanAndUnbanWithAuditAndBansSurviveARestart() throws Exception {
        Path data = dir.resolve("data");
        try (NodeHarness harness = new NodeHarness(data, null)) {
            ok(harness.cli(
                    "device", "enroll", "dev-1", "--out", dir.resolve("dev-1").toString()));
            // WHEN an operator bans a client ID and an address
            ok(harness.cli("firewall", "ban", "--client-id", "dev-1", "--for", "1h", "--reason", "stolen key"));
            ok(harness.cli("firewall", "ban", "203.0.113.7", "--for", "10m"));
            // THEN both are listed
            JsonNode bans =
                    JSON.readTree(ok(harness.cli("firewall", "bans", "--json")).out());
            assertThat(bans.path("bans").toString())
                    .contains("\"client-id\"")
                    .contains("dev-1")
                    .contains("stolen key")
                    .contains("203.0.113.7");
            // AND the device is refused at CONNECT (MQTT 5: 0x8A Banned)
            List<String> pub = new java.util.ArrayList<>(List.of("mosquitto_pub"));
            pub.addAll(tls(harness, "dev-1"));
            pub.addAll(List.of("-t", "devices/dev-1/data", "-m", "x"));
            var refused = Processes.run(dir, pub, 15);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(ok(harness.cli("gateway", "stats", "--json")).out()).contains("\"BANNED\" : 1");
        }
        // WHEN the node restarts THEN the operator's bans are still in force
        try (NodeHarness harness = new NodeHarness(data, null)) {
            JsonNode bans =
                    JSON.readTree(ok(harness.cli("firewall", "bans", "--json")).out());
            assertThat(bans.path("bans").toString()).contains("dev-1").contains("203.0.113.7");
            // WHEN the operator lifts one THEN it is gone, and lifting it again is an error
            ok(harness.cli("firewall", "unban", "--client-id", "dev-1"));
            assertThat(harness.cli("firewall", "unban", "--client-id", "dev-1").exitCode())
                    .isNotZero();
            assertThat(ok(harness.cli("firewall", "bans")).out())
                    .doesNotContain("dev-1")
                    .contains("203.0.113.7");
            // AND the device connects again
            List<String> pub = new java.util.ArrayList<>(List.of("mosquitto_pub"));
            pub.addAll(tls(harness, "dev-1"));
            pub.addAll(List.of("-t", "devices/dev-1/data", "-m", "x"));
            assertThat(Processes.run(dir, pub, 15).exitCode()).isZero();
            // AND every change is in the audit trail with the operator as principal
            harness.node.audit().log().flushAndSign();
            assertThat(harness.cli("audit", "query", "--action", "iot:CreateBan")
                            .out())
                    .contains("iot:CreateBan");
            assertThat(harness.cli("audit", "query", "--action", "iot:DeleteBan")
                            .out())
                    .contains("iot:DeleteBan");
        }
    }

    @Test
    void generatedPolicyAllowsTheTopicsTheDevicePublishedAndSubscribed() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            ok(harness.cli(
                    "device", "enroll", "dev-1", "--out", dir.resolve("dev-1").toString()));
            List<String> sub = new java.util.ArrayList<>(List.of("mosquitto_sub"));
            sub.addAll(tls(harness, "dev-1"));
            sub.addAll(List.of("-t", "devices/dev-1/cmd/+", "-W", "6"));
            Process subscriber = new ProcessBuilder(sub)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sub.log").toFile())
                    .start();
            Thread.sleep(1_500);
            // The client ID must equal the thing: the same device publishes once its subscriber has gone.
            harness.node.trafficSummaries().flush();
            subscriber.waitFor();
            List<String> pub = new java.util.ArrayList<>(List.of("mosquitto_pub"));
            pub.addAll(tls(harness, "dev-1"));
            pub.addAll(List.of(
                    "-t", "devices/dev-1/telemetry", "-m", "21.5", "-q", "1", "--repeat", "5", "--repeat-delay", "1"));
            Process publisher = new ProcessBuilder(pub)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pub.log").toFile())
                    .start();
            Thread.sleep(2_000);
            harness.node.trafficSummaries().flush();
            publisher.waitFor();
            harness.node.audit().log().flushAndSign();
            NodeHarness.CliResult generated = ok(harness.cli("policy", "generate", "--principal", "dev-1"));
            JsonNode policy = JSON.readTree(generated.out());
            assertThat(policy.path("Statement").toString())
                    .contains("iot:Connect")
                    .contains("iot:Publish")
                    .contains("arn:warden:iot:eu-west-1:default:topic/devices/dev-1/telemetry")
                    .contains("iot:Subscribe")
                    .contains("topicfilter/devices/dev-1/cmd/+")
                    .contains("iot:Receive")
                    .contains("arn:warden:iot:eu-west-1:default:topic/devices/dev-1/cmd/*");
            assertThat(generated.err()).contains("Sources:").contains("iot:TrafficSummary");
            Files.writeString(dir.resolve("generated.json"), generated.out());
            ok(harness.cli("policy", "validate", dir.resolve("generated.json").toString()));
        }
    }
}
