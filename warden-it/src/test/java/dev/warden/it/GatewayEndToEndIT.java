package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.CredentialStore;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.Qos;
import dev.warden.pki.Pem;
import dev.warden.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's MQTT gateway with real mosquitto clients: devices enrolled through the CLI connect with their own
 * certificates, an application reads telemetry through a policy attached to it, a device cannot reach another
 * device's topic, a revocation cuts a live session within a second, a policy change applies to a live session, and
 * all of it lands in the audit trail.
 */
@Tag("mosquitto")
class GatewayEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static NodeHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new NodeHarness(dir.resolve("data"), null);
        for (String thing : List.of("dev-001", "dev-002", "dev-003", "app-1")) {
            ok(harness.cli(
                    "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
        }
        Files.writeString(dir.resolve("app-reader.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": "arn:warden:iot:eu-west-1:default:topicfilter/devices/+/telemetry"},
                  {"Effect": "Allow", "Action": "iot:Receive",
                   "Resource": "arn:warden:iot:eu-west-1:default:topic/devices/*/telemetry"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "app-reader",
                "--file",
                dir.resolve("app-reader.json").toString()));
        ok(harness.cli("policy", "attach", "app-reader", "--thing", "app-1"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static List<String> mosquitto(String tool, String thing, String... args) {
        Path d = dir.resolve(thing);
        List<String> command = new ArrayList<>(List.of(
                tool,
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
                "mqttv5"));
        command.addAll(List.of(args));
        return command;
    }

    static Process background(List<String> command) throws Exception {
        Processes.requireTool(command.get(0));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static List<JsonNode> audit(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "query", "--json", "--limit", "1000"));
        args.addAll(List.of(filters));
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(ok(harness.cli(args.toArray(String[]::new))).out())
                .path("events")
                .forEach(events::add);
        return events;
    }

    static void awaitConnected(String thing) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            harness.node.audit().log().flushAndSign();
            if (audit("--action", "iot:Connect", "--principal", thing, "--result", "allow")
                            .size()
                    > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(thing + " never connected");
    }

    @Test
    void telemetryFlowsToAnAuthorizedApplicationAndNowhereElse() throws Exception {
        Process app = background(
                mosquitto("mosquitto_sub", "app-1", "-t", "devices/+/telemetry", "-C", "1", "-W", "15", "-q", "1"));
        awaitConnected("app-1");
        Thread.sleep(300);
        var published = Processes.run(
                dir,
                mosquitto(
                        "mosquitto_pub", "dev-001", "-t", "devices/dev-001/telemetry", "-m", "{\"t\":21.5}", "-q", "1"),
                15);
        assertThat(published.exitCode()).as(published.output()).isZero();
        assertThat(app.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(app.getInputStream().readAllBytes())).contains("{\"t\":21.5}");

        // A device cannot publish into another device's topics: the broker answers PUBACK 0x87 (MQTT 5).
        var intrusion = Processes.run(
                dir,
                mosquitto("mosquitto_pub", "dev-002", "-t", "devices/dev-001/telemetry", "-m", "spoofed", "-q", "1"),
                15);
        assertThat(intrusion.output()).containsIgnoringCase("not authorized");
        harness.node.audit().log().flushAndSign();
        JsonNode denied = audit("--action", "iot:Publish", "--result", "deny").get(0);
        assertThat(denied.path("principal").path("id").asText()).isEqualTo("dev-002");
        assertThat(denied.path("resource").asText())
                .isEqualTo("arn:warden:iot:eu-west-1:default:topic/devices/dev-001/telemetry");

        // And it cannot subscribe to everything.
        var wildcard = Processes.run(dir, mosquitto("mosquitto_sub", "dev-002", "-t", "#", "-C", "1", "-W", "3"), 15);
        assertThat(wildcard.output()).containsIgnoringCase("denied");
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Subscribe", "--result", "deny", "--principal", "dev-002"))
                .isNotEmpty();
    }

    @Test
    void detachingAPolicyCutsALiveSubscriptionOnItsNextMessage() throws Exception {
        ok(harness.cli(
                "device", "enroll", "app-2", "--out", dir.resolve("app-2").toString()));
        ok(harness.cli("policy", "attach", "app-reader", "--thing", "app-2"));
        Process app =
                background(mosquitto("mosquitto_sub", "app-2", "-t", "devices/+/telemetry", "-W", "4", "-q", "1"));
        awaitConnected("app-2");
        Thread.sleep(300);
        ok(harness.cli("policy", "detach", "app-reader", "--thing", "app-2"));
        var published = Processes.run(
                dir,
                mosquitto(
                        "mosquitto_pub", "dev-001", "-t", "devices/dev-001/telemetry", "-m", "after-detach", "-q", "1"),
                15);
        assertThat(published.exitCode()).as(published.output()).isZero();
        assertThat(app.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(app.getInputStream().readAllBytes())).doesNotContain("after-detach");
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Receive", "--result", "deny", "--principal", "app-2"))
                .isNotEmpty();
    }

    @Test
    void revocationCutsTheLiveSessionWithinASecond() throws Exception {
        Process device =
                background(mosquitto("mosquitto_sub", "dev-003", "-t", "devices/dev-003/commands", "-W", "60"));
        awaitConnected("dev-003");
        String serial = JSON.readTree(
                        ok(harness.cli("device", "show", "dev-003", "--json")).out())
                .path("certificates")
                .get(0)
                .path("serial")
                .asText();
        int before = harness.node.gateway().sessions().connectionCount();
        long start = System.nanoTime();
        ok(harness.cli("cert", "revoke", serial, "--reason", "keyCompromise"));
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(1000);
        while (harness.node.gateway().sessions().connectionCount() >= before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(harness.node.gateway().sessions().connectionCount()).isLessThan(before);
        assertThat(elapsedMs).isLessThan(1000);
        device.destroy();

        // The revoked certificate can never come back, even with TLS session resumption available.
        var again = Processes.run(
                dir, mosquitto("mosquitto_pub", "dev-003", "-t", "devices/dev-003/telemetry", "-m", "x"), 15);
        assertThat(again.exitCode()).isNotZero();
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Connect", "--result", "deny"))
                .anySatisfy(e ->
                        assertThat(e.path("details").path("reason").asText()).isEqualTo("CERTIFICATE_REVOKED"));
        assertThat(audit("--action", "iot:Disconnect", "--principal", "dev-003"))
                .isNotEmpty();
    }

    @Test
    void publishesAreSummarisedPerDeviceNotRecordedOneByOne() throws Exception {
        DeviceCredentials credentials =
                CredentialStore.open(dir.resolve("dev-001"), "dev-001").load();
        X509Certificate root = Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt")));
        try (DeviceClient client = DeviceClient.connect(
                credentials,
                DeviceClientConfig.of("localhost", harness.node.mqttPort()).withTrustedRoot(root))) {
            harness.node.trafficSummaries().flush();
            for (int i = 0; i < 5; i++) {
                client.publishTelemetry(
                                "0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(harness.node.trafficSummaries().flush()).isPositive();
        }
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Publish", "--result", "allow")).isEmpty();
        JsonNode summary = audit("--action", "iot:TrafficSummary", "--principal", "dev-001")
                .get(0);
        assertThat(summary.path("details").path("messagesIn").asLong()).isEqualTo(5);
        assertThat(summary.path("details").path("bytesIn").asLong()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aSimulatedFleetProvisionsByClaimAndPublishes() {
        ok(harness.cli("template", "create", "sims", "--pattern", "sim-*"));
        ok(harness.cli(
                "claim",
                "create",
                "sim-claim",
                "--template",
                "sims",
                "--out",
                dir.resolve("sim-claim").toString()));
        String summary = ok(harness.cli(
                        "device",
                        "simulate",
                        "--count",
                        "4",
                        "--rate",
                        "5",
                        "--duration",
                        "2",
                        "--template",
                        "sims",
                        "--claim-dir",
                        dir.resolve("sim-claim").toString(),
                        "--claim",
                        "sim-claim"))
                .out();
        assertThat(summary).contains("devices 4, connected 4, published 40/40, failed 0");
    }

    @Test
    void aThingGroupsPolicyReachesEveryThingInIt() throws Exception {
        ok(harness.cli(
                "device", "enroll", "dev-g", "--out", dir.resolve("dev-g").toString()));
        List<String> broadcast = mosquitto("mosquitto_pub", "dev-g", "-t", "fleet/broadcast", "-m", "hello", "-q", "1");
        assertThat(Processes.run(dir, broadcast, 15).output()).containsIgnoringCase("not authorized");
        Files.writeString(dir.resolve("broadcast.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
                  "Resource": "arn:warden:iot:eu-west-1:default:topic/fleet/broadcast"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "broadcast",
                "--file",
                dir.resolve("broadcast.json").toString()));
        ok(harness.cli("thing-group", "create", "broadcasters"));
        ok(harness.cli("policy", "attach", "broadcast", "--thing-group", "broadcasters"));
        ok(harness.cli("thing-group", "add-thing", "broadcasters", "dev-g"));
        var allowed = Processes.run(dir, broadcast, 15);
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).doesNotContainIgnoringCase("not authorized");
        ok(harness.cli("thing-group", "remove-thing", "broadcasters", "dev-g"));
        assertThat(Processes.run(dir, broadcast, 15).output()).containsIgnoringCase("not authorized");
    }

    @Test
    void aThingGroupCanPinItsDevicesToANetwork() throws Exception {
        // Per-thing-group CIDR rules are thing-group policies on warden:SourceIp, decided at every CONNECT.
        ok(harness.cli(
                "device",
                "enroll",
                "dev-plant",
                "--out",
                dir.resolve("dev-plant").toString()));
        List<String> connect =
                mosquitto("mosquitto_pub", "dev-plant", "-t", "devices/dev-plant/telemetry", "-m", "x", "-q", "1");
        assertThat(Processes.run(dir, connect, 15).exitCode()).isZero();
        Files.writeString(dir.resolve("plant-network.json"), """
                {"Version": "2012-10-17", "Statement": [{"Sid": "OnlyFromThePlant", "Effect": "Deny", "Action": "iot:Connect",
                  "Resource": "*", "Condition": {"NotIpAddress": {"warden:SourceIp": ["10.20.0.0/16"]}}}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "plant-network",
                "--file",
                dir.resolve("plant-network.json").toString()));
        ok(harness.cli("thing-group", "create", "plant-a"));
        ok(harness.cli("policy", "attach", "plant-network", "--thing-group", "plant-a"));
        ok(harness.cli("thing-group", "add-thing", "plant-a", "dev-plant"));
        var refused = Processes.run(dir, connect, 15);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("not authorized");
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Connect", "--result", "deny", "--principal", "dev-plant"))
                .isNotEmpty();
    }

    @Test
    void clientIdsAreDecidedByPolicyAndATakeOverIsAudited() throws Exception {
        ok(harness.cli(
                "device", "enroll", "dev-rig", "--out", dir.resolve("dev-rig").toString()));
        List<String> asBench = new ArrayList<>(
                mosquitto("mosquitto_pub", "dev-rig", "-t", "devices/dev-rig/telemetry", "-m", "x", "-q", "1"));
        asBench.set(asBench.indexOf("-i") + 1, "bench-1");
        // With only the built-in device policy, a client ID other than the thing name is refused, as before.
        var refused = Processes.run(dir, asBench, 15);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("not authorized");
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:Connect", "--result", "deny", "--principal", "dev-rig"))
                .anySatisfy(e -> assertThat(e.path("resource").asText())
                        .isEqualTo("arn:warden:iot:eu-west-1:default:client/bench-1"));

        // A policy allowing client/* lets it use any client ID.
        Files.writeString(dir.resolve("any-client-id.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect",
                  "Resource": "arn:warden:iot:eu-west-1:default:client/*"}]}
                """);
        ok(harness.cli(
                "policy",
                "create",
                "any-client-id",
                "--file",
                dir.resolve("any-client-id.json").toString()));
        ok(harness.cli("policy", "attach", "any-client-id", "--thing", "dev-rig"));
        var accepted = Processes.run(dir, asBench, 15);
        assertThat(accepted.exitCode()).as(accepted.output()).isZero();

        // A second connection with the client ID takes it over: audited with both addresses and serials.
        List<String> listener =
                new ArrayList<>(mosquitto("mosquitto_sub", "dev-rig", "-t", "devices/dev-rig/commands", "-W", "20"));
        listener.set(listener.indexOf("-i") + 1, "bench-1");
        Process older = background(listener);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> takeOvers = List.of();
        Thread.sleep(500);
        assertThat(Processes.run(dir, asBench, 15).exitCode()).isZero();
        while (takeOvers.isEmpty() && System.nanoTime() < deadline) {
            harness.node.audit().log().flushAndSign();
            takeOvers = audit("--action", "iot:SessionTakenOver", "--principal", "dev-rig");
            Thread.sleep(50);
        }
        older.destroy();
        String serial = JSON.readTree(
                        ok(harness.cli("device", "show", "dev-rig", "--json")).out())
                .path("certificates")
                .get(0)
                .path("serial")
                .asText();
        assertThat(takeOvers).isNotEmpty();
        JsonNode details = takeOvers.get(0).path("details");
        assertThat(takeOvers.get(0).path("resource").asText())
                .isEqualTo("arn:warden:iot:eu-west-1:default:client/bench-1");
        assertThat(details.path("thing").asText()).isEqualTo("dev-rig");
        assertThat(details.path("previousThing").asText()).isEqualTo("dev-rig");
        assertThat(details.path("serial").asText()).isEqualToIgnoringCase(serial);
        assertThat(details.path("previousSerial").asText()).isEqualToIgnoringCase(serial);
        assertThat(details.path("previousSourceIp").asText()).isNotBlank();
        assertThat(takeOvers.get(0).path("sourceIp").asText()).isNotBlank();
    }

    @Test
    void aConnectionWithoutClientCertificateIsRefusedAndRecorded() throws Exception {
        var noCert = Processes.run(
                dir,
                List.of(
                        "mosquitto_pub",
                        "-h",
                        "localhost",
                        "-p",
                        String.valueOf(harness.node.mqttPort()),
                        "--cafile",
                        dir.resolve("data/pki/root.crt").toString(),
                        "-t",
                        "devices/x/telemetry",
                        "-m",
                        "x"),
                15);
        assertThat(noCert.exitCode()).isNotZero();
        harness.node.audit().log().flushAndSign();
        assertThat(audit("--action", "iot:TlsHandshake", "--result", "deny")).isNotEmpty();
    }
}
