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

/** The analyzer flags over-broad policies, and a least-privilege policy is generated from observed activity. */
@Tag("mosquitto")
class PolicyToolsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void analyzeFlagsPitfallsAndGenerateReflectsActivity() throws Exception {
        try (NodeHarness harness = new NodeHarness(dir.resolve("data"), null)) {
            Files.writeString(dir.resolve("broad.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"},
                      {"Sid": "AnyDevice", "Effect": "Allow", "Action": "iot:Publish",
                       "Resource": "arn:warden:iot:eu-west-1:default:topic/devices/*"},
                      {"Sid": "LiteralHash", "Effect": "Deny", "Action": "iot:Subscribe",
                       "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/#"}]}
                    """);
            NodeHarness.CliResult findings =
                    harness.cli("policy", "analyze", dir.resolve("broad.json").toString());
            assertThat(findings.exitCode()).isEqualTo(1);
            assertThat(findings.out())
                    .contains("ALLOW_ALL_ACTIONS")
                    .contains("DEVICE_RESOURCE_NOT_SCOPED")
                    .contains("MQTT_WILDCARD_IN_DENY");
            JsonNode asJson = JSON.readTree(
                    harness.cli("policy", "analyze", dir.resolve("broad.json").toString(), "--json")
                            .out());
            assertThat(asJson.path("findings").size()).isGreaterThanOrEqualTo(3);
            // The same analysis through the API (action iam:AnalyzePolicy).
            Files.writeString(
                    dir.resolve("body.json"),
                    JSON.writeValueAsString(java.util.Map.of("document", Files.readString(dir.resolve("broad.json")))));
            var api = Processes.run(
                    dir,
                    List.of(
                            "curl",
                            "-s",
                            "--cacert",
                            dir.resolve("data/pki/root.crt").toString(),
                            "-H",
                            "Authorization: Bearer "
                                    + Files.readString(dir.resolve("data/admin-credential"))
                                            .trim(),
                            "-H",
                            "Content-Type: application/json",
                            "--data-binary",
                            "@body.json",
                            harness.adminUrl() + "/analyzer/analyze"));
            assertThat(JSON.readTree(api.output()).path("findings").toString()).contains("ALLOW_ALL_ACTIONS");

            ok(harness.cli(
                    "device", "enroll", "dev-1", "--out", dir.resolve("dev-1").toString()));
            Path d = dir.resolve("dev-1");
            var sub = Processes.run(
                    dir,
                    List.of(
                            "mosquitto_sub",
                            "-h",
                            "localhost",
                            "-p",
                            String.valueOf(harness.node.mqttPort()),
                            "--cafile",
                            dir.resolve("data/pki/root.crt").toString(),
                            "--cert",
                            d.resolve("dev-1.crt").toString(),
                            "--key",
                            d.resolve("dev-1.key").toString(),
                            "-i",
                            "dev-1",
                            "-V",
                            "mqttv5",
                            "-t",
                            "devices/dev-1/cmd",
                            "-W",
                            "3"),
                    15);
            assertThat(sub.output()).doesNotContain("Error");
            harness.node.audit().log().flushAndSign();
            assertThat(harness.cli("audit", "query", "--action", "iot:Subscribe", "--principal", "dev-1")
                            .out())
                    .as("the subscription was recorded")
                    .contains("iot:Subscribe");
            String generated = ok(harness.cli("policy", "generate", "--principal", "dev-1"))
                    .out();
            JsonNode policy = JSON.readTree(generated);
            assertThat(policy.path("Statement").toString())
                    .contains("iot:Connect")
                    .contains("arn:warden:iot:eu-west-1:default:client/dev-1")
                    .contains("iot:Subscribe")
                    .contains("topicfilter/devices/dev-1/cmd");
            Files.writeString(dir.resolve("generated.json"), generated);
            ok(harness.cli("policy", "validate", dir.resolve("generated.json").toString()));
            assertThat(harness.cli(
                                    "policy",
                                    "analyze",
                                    dir.resolve("generated.json").toString())
                            .out())
                    .doesNotContain("ALLOW_ALL");
        }
    }
}
