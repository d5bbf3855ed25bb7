package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global and regional device policies and thing groups across a control region (eu-west-1) and a member (us-east-1),
 * two whole nodes in one JVM (issue 24). A global policy and a global thing group's attachment, made in the control
 * region, reach the member and its gateway decides a member-local device with them; a regional policy made in either
 * region works there and never leaves it; the member may change its regional policies but not a global one, refused
 * with a reason code and audited with the scope it was about.
 */
class RegionalPoliciesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void globalPoliciesAndThingGroupsReachTheMemberAndRegionalOnesStayWhereTheyWereMade() throws Exception {
        try (NodeHarness eu = NodeHarness.region(dir, "eu-west-1");
                NodeHarness us = NodeHarness.region(dir, "us-east-1")) {
            us.node
                    .regions()
                    .join(eu.node.regions().createJoinToken("us-east-1", Duration.ofMinutes(5)), Optional.empty());
            Path fleet = policy("fleet.json", "arn:warden:iot:*:default:topic/fleet/*");
            Path lab = policy("lab.json", "arn:warden:iot:*:default:topic/lab/*");

            // GIVEN, in the control region, a global policy attached to a global thing group, and a regional policy
            long before = lastSeq(eu);
            ok(eu.cli("policy", "create", "fleet", "--file", fleet.toString()));
            assertThat(ok(eu.cli("thing-group", "create", "sensors", "--scope", "global"))
                            .out())
                    .contains("global");
            ok(eu.cli("policy", "attach", "fleet", "--thing-group", "sensors"));
            ok(eu.cli("policy", "create", "eu-lab", "--file", lab.toString(), "--scope", "regional"));
            awaitApplied(before, eu, us);

            // THEN the member holds the global policy, as global, and not the control region's regional one
            assertThat(show(us, "fleet").path("scope").asText()).isEqualTo("global");
            assertThat(show(us, "fleet").path("attachedPrincipals").toString()).contains("thinggroup:sensors");
            assertThat(show(eu, "eu-lab").path("scope").asText()).isEqualTo("regional");
            assertRefused(us.cli("policy", "show", "eu-lab"), "UNKNOWN_POLICY");

            // WHEN the member makes a regional policy, attaches it to a regional group of its own, and puts a local
            // device in both groups
            ok(us.cli("policy", "create", "us-lab", "--file", lab.toString(), "--scope", "regional"));
            ok(us.cli("thing-group", "create", "bench"));
            ok(us.cli("policy", "attach", "us-lab", "--thing-group", "bench"));
            ok(us.cli(
                    "device", "enroll", "pump-1", "--out", dir.resolve("pump-1").toString()));
            ok(us.cli("thing-group", "add-thing", "sensors", "pump-1"));
            ok(us.cli("thing-group", "add-thing", "bench", "pump-1"));

            // THEN the member's gateway lets the device publish by the global group's global policy and by the
            // regional one, and nothing else
            Mqtt5BlockingClient device = TestDevices.mqtt5(
                            dir.resolve("pump-1"),
                            "pump-1",
                            us.dataDir.resolve("pki/root.crt"),
                            us.node.mqttPort(),
                            null)
                    .buildBlocking();
            device.connect();
            try {
                publish(device, "fleet/pump-1");
                publish(device, "lab/pump-1");
                assertNotAuthorized(device, "other/pump-1");
                // AND the regional policy never reaches the control region
                assertThat(show(us, "us-lab").path("scope").asText()).isEqualTo("regional");
                assertRefused(eu.cli("policy", "show", "us-lab"), "UNKNOWN_POLICY");

                assertMemberKeepsItsHandsOffGlobalIam(us, fleet);

                // WHEN the control region detaches the global policy from the global group THEN the member's gateway
                // refuses the device's next publish on the fleet topic, while the regional policy still applies
                before = lastSeq(eu);
                ok(eu.cli("policy", "detach", "fleet", "--thing-group", "sensors"));
                awaitApplied(before, eu, us);
                assertNotAuthorized(device, "fleet/pump-1");
                publish(device, "lab/pump-1");
                assertThat(show(us, "us-lab").path("scope").asText()).isEqualTo("regional");
            } finally {
                device.disconnect();
            }
        }
    }

    /** The member changes its regional policy; a global one it may not change, nor take its name. */
    private void assertMemberKeepsItsHandsOffGlobalIam(NodeHarness us, Path document) throws Exception {
        ok(us.cli(
                "policy", "update", "us-lab", "--file", dir.resolve("lab.json").toString()));
        assertRefused(us.cli("policy", "update", "fleet", "--file", document.toString()), "IAM_READ_ONLY_REGION");
        assertRefused(us.cli("policy", "delete", "fleet"), "IAM_READ_ONLY_REGION");
        assertRefused(us.cli("policy", "detach", "fleet", "--thing-group", "sensors"), "IAM_READ_ONLY_REGION");
        assertRefused(us.cli("policy", "create", "mine", "--file", document.toString()), "IAM_READ_ONLY_REGION");
        assertRefused(us.cli("thing-group", "create", "meters", "--scope", "global"), "IAM_READ_ONLY_REGION");
        assertRefused(
                us.cli("policy", "create", "fleet", "--file", document.toString(), "--scope", "regional"),
                "GLOBAL_NAME_TAKEN");
        assertThat(show(us, "fleet").path("document").toString()).contains("fleet/*");
        // AND each refusal is in the member's trail with its reason code and the scope it was about
        JsonNode refused = events(us, "iam:UpdatePolicy").stream()
                .filter(e -> e.path("resource").asText().endsWith("policy/fleet"))
                .filter(e -> !e.path("details").path("status").asText().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(refused.path("result").asText()).isEqualTo("ERROR");
        assertThat(refused.path("details").path("errorCode").asText()).isEqualTo("IAM_READ_ONLY_REGION");
        assertThat(refused.path("details").path("scope").asText()).isEqualTo("global");
        assertThat(events(us, "iam:CreatePolicy"))
                .filteredOn(e -> e.path("details").path("errorCode").asText().equals("GLOBAL_NAME_TAKEN"))
                .extracting(e -> e.path("details").path("scope").asText())
                .containsExactly("regional");
    }

    private Path policy(String file, String topics) throws Exception {
        return Files.writeString(
                dir.resolve(file),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                        + "\"Resource\":\"" + topics + "\"}]}");
    }

    private static void publish(Mqtt5BlockingClient device, String topic) {
        device.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {1})
                .send();
    }

    private static void assertNotAuthorized(Mqtt5BlockingClient device, String topic) {
        assertThatThrownBy(() -> publish(device, topic))
                .isInstanceOfSatisfying(
                        Mqtt5PubAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
    }

    private static void assertRefused(NodeHarness.CliResult result, String reason) {
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err() + result.out()).contains(reason);
    }

    private static JsonNode show(NodeHarness region, String policy) throws Exception {
        return JSON.readTree(ok(region.cli("policy", "show", policy, "--json")).out());
    }

    private static long lastSeq(NodeHarness control) {
        return control.node.regions().iamLastSeq().orElseThrow();
    }

    /** Waits until the control region captured a change after {@code before} and the member applied it. */
    private static void awaitApplied(long before, NodeHarness control, NodeHarness member) throws Exception {
        Waits.until("the change captured", WITHIN, () -> lastSeq(control) > before);
        Waits.until(
                "the member applied it",
                WITHIN,
                () -> member.node.regions().replication().orElseThrow().appliedSeq() >= lastSeq(control));
    }

    private static List<JsonNode> events(NodeHarness node, String action) throws Exception {
        node.node.audit().log().flushAndSign();
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(node.cli("audit", "query", "--json", "--limit", "1000", "--action", action))
                        .out())
                .path("events")
                .forEach(events::add);
        return events;
    }
}
