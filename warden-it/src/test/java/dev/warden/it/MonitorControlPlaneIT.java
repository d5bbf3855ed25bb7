package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.core.BaselineSnapshot;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import dev.warden.pki.Pem;
import dev.warden.registry.tls.TlsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring control plane on a real node: profiles are created, updated (a stale update is a conflict), shown
 * at any version and deleted through the CLI, an invalid one is a 400 naming its reason; a real alarm is listed,
 * verified and audited; a suppressed alarm runs no mitigation; a deleted thing's alarms become invalid; and alarms
 * and learned baselines survive a restart.
 *
 * <p>The gateway's taps into the monitor are wired separately: this test feeds the monitor thread directly through
 * {@code WardenNode.monitorLoop()}, as the taps will, with what a device scanning other things' topics causes.
 */
class MonitorControlPlaneIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TargetKey DEV1 = TargetKey.thing("dev-1");
    private static final String BURST = "authorization-failure-burst";

    @TempDir
    Path dir;

    private static String door(int value) {
        return """
                {"name": "door", "targets": ["all"], "behaviours": [
                  {"name": "flood", "metric": "num-messages-sent", "operator": "greater-than", "value": %d,
                   "window-seconds": 10},
                  {"name": "chatty", "metric": "num-messages-sent", "operator": "greater-than",
                   "baseline": {"sigmas": 3, "min-datapoints": 5}, "window-seconds": 10}]}
                """.formatted(value);
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void profilesAlarmsVerificationAndRestart() throws Exception {
        Path data = dir.resolve("data");
        long alarmId;
        try (NodeHarness node = new NodeHarness(data, null)) {
            profiles(node);
            invalidProfileIsA400WithItsReason(node);

            // WHEN dev-1 is denied publishing to other things' topics, again and again (a topic scan)
            MonitorLoop loop = node.node.monitorLoop();
            AtomicBoolean feeding = new AtomicBoolean(true);
            Thread feeder = feed(loop, feeding);
            // THEN the built-in profile raises an alarm within seconds, and it is listed
            JsonNode alarm = await(
                    node, "--thing", "dev-1", a -> a.path("behaviour").asText().equals(BURST));
            alarmId = alarm.path("id").asLong();
            assertThat(alarm.path("state").asText()).isEqualTo("active");
            assertThat(alarm.path("severity").asText()).isEqualTo("high");
            assertThat(ok(node.cli("monitor", "alarms", "--active")).out())
                    .contains(BURST)
                    .contains("thing/dev-1");

            // WHEN an operator verifies it THEN the verification is kept, and the raise and the verification audited
            ok(node.cli(
                    "monitor", "verify", String.valueOf(alarmId), "--state", "true-positive", "--note", "lab scan"));
            JsonNode shown = JSON.readTree(ok(node.cli("monitor", "alarm", String.valueOf(alarmId), "--json"))
                    .out());
            assertThat(shown.path("verification").asText()).isEqualTo("true-positive");
            assertThat(shown.path("verificationNote").asText()).isEqualTo("lab scan");
            assertThat(shown.path("verifiedBy").asText()).isNotBlank();
            node.node.audit().log().flushAndSign();
            assertThat(ok(node.cli("audit", "query", "--action", "monitor:AlarmRaised"))
                            .out())
                    .contains("monitor:AlarmRaised")
                    .contains("alarm/" + alarmId);
            assertThat(ok(node.cli("audit", "query", "--action", "monitor:VerifyAlarm"))
                            .out())
                    .contains("monitor:VerifyAlarm");

            suppressedAlarm(node, loop);
            alarmsOfADeletedThingBecomeInvalid(node, loop);
            // A mitigation by hand goes through its own IAM action; this branch wires no mitigator: 500 with its code.
            NodeHarness.CliResult mitigate =
                    node.cli("monitor", "mitigate", String.valueOf(alarmId), "--action", "quarantine");
            assertThat(mitigate.exitCode()).isNotZero();
            assertThat(mitigate.err()).contains("MITIGATION_FAILED");

            // AND the learned behaviour of door learns dev-1's normal rate
            assertThat(awaitBaseline(loop)).isPresent();
            feeding.set(false);
            feeder.join();
        }

        // WHEN the node restarts
        try (NodeHarness node = new NodeHarness(data, null)) {
            // THEN the alarm is still there and still active, verification included
            JsonNode alarm = JSON.readTree(ok(node.cli("monitor", "alarm", String.valueOf(alarmId), "--json"))
                    .out());
            assertThat(alarm.path("state").asText()).isEqualTo("active");
            assertThat(alarm.path("verification").asText()).isEqualTo("true-positive");
            // AND the engine knows it is active: the same attack again raises no second alarm
            for (int i = 0; i < 8; i++) {
                node.node.monitorLoop().accept(authorizationFailure(DEV1));
            }
            Thread.sleep(2_500);
            JsonNode burst = JSON.readTree(
                            ok(node.cli("monitor", "alarms", "--thing", "dev-1", "--behaviour", BURST, "--json"))
                                    .out())
                    .path("alarms");
            assertThat(burst).hasSize(1);
            // AND the learned baseline is back in the engine
            List<BaselineSnapshot> baselines =
                    node.node.monitorLoop().call(DetectionEngine::baselines).get(10, TimeUnit.SECONDS);
            assertThat(baselines).anySatisfy(b -> {
                assertThat(b.key().profile()).isEqualTo("door");
                assertThat(b.key().behaviour()).isEqualTo("chatty");
                assertThat(b.key().target()).isEqualTo(DEV1);
                assertThat(b.count()).isPositive();
            });
            assertThat(ok(node.cli("monitor", "profile", "list")).out())
                    .contains("door")
                    .contains("warden-baseline");
        }
    }

    /** Create, update, a stale update, show at any version, versions, attach and detach, delete. */
    private void profiles(NodeHarness node) throws Exception {
        assertThat(ok(node.cli("monitor", "profile", "list")).out()).contains("warden-baseline");
        assertThat(ok(node.cli(
                                "monitor",
                                "profile",
                                "create",
                                "--file",
                                file("door.json", door(100)).toString()))
                        .out())
                .contains("Created profile door, version 1");
        ok(node.cli(
                "monitor",
                "profile",
                "update",
                "--file",
                file("door2.json", door(200)).toString(),
                "--expected-version",
                "1"));
        NodeHarness.CliResult stale = node.cli(
                "monitor",
                "profile",
                "update",
                "--file",
                file("door3.json", door(300)).toString(),
                "--expected-version",
                "1");
        assertThat(stale.exitCode()).isNotZero();
        assertThat(stale.err()).contains("VERSION_CONFLICT");
        assertThat(ok(node.cli("monitor", "profile", "show", "door")).out()).contains("200");
        assertThat(ok(node.cli("monitor", "profile", "show", "door", "1")).out())
                .contains("100")
                .doesNotContain("200");
        ok(node.cli("monitor", "profile", "attach", "door", "group/lab"));
        JsonNode detached = JSON.readTree(ok(node.cli("monitor", "profile", "detach", "door", "group/lab", "--json"))
                .out());
        assertThat(detached.path("version").asLong()).isEqualTo(4);
        assertThat(detached.path("targets").toString()).isEqualTo("[\"all\"]");
        assertThat(ok(node.cli("monitor", "profile", "versions", "door")).out())
                .contains("create")
                .contains("update")
                .contains("attach")
                .contains("detach");

        ok(node.cli(
                "monitor",
                "profile",
                "create",
                "--file",
                file("scratch.json", door(1).replace("\"door\"", "\"scratch\"")).toString()));
        ok(node.cli("monitor", "profile", "delete", "scratch"));
        assertThat(node.cli("monitor", "profile", "show", "scratch").err()).contains("NO_SUCH_PROFILE");
        NodeHarness.CliResult builtIn = node.cli("monitor", "profile", "delete", "warden-baseline");
        assertThat(builtIn.exitCode()).isNotZero();
        assertThat(builtIn.err()).contains("BUILT_IN_PROFILE");
    }

    private void invalidProfileIsA400WithItsReason(NodeHarness node) throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(TlsSettings.clientContext(
                        List.of(Pem.parseCertificate(Files.readString(node.dataDir.resolve("pki/root.crt")))),
                        null,
                        null))
                .build();
        String token =
                Files.readString(node.dataDir.resolve("admin-credential")).trim();
        HttpResponse<String> refused = https.send(
                HttpRequest.newBuilder(URI.create(node.adminUrl() + "/monitor/profiles"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(door(5).replace("num-messages-sent", "num-bananas")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText())
                .isEqualTo("UNKNOWN_METRIC");
        assertThat(refused.body()).contains("num-bananas");
    }

    /** A suppression for dev-2: its alarm is recorded, marked suppressed. */
    private void suppressedAlarm(NodeHarness node, MonitorLoop loop) throws Exception {
        ok(node.cli("monitor", "suppress", "--thing", "dev-2", "--reason", "lab fuzzing", "--expires", "1h"));
        assertThat(ok(node.cli("monitor", "suppressions")).out())
                .contains("thing/dev-2")
                .contains("lab fuzzing");
        for (int i = 0; i < 8; i++) {
            loop.accept(authorizationFailure(TargetKey.thing("dev-2")));
        }
        JsonNode alarm = await(
                node, "--thing", "dev-2", a -> a.path("behaviour").asText().equals(BURST));
        assertThat(alarm.path("suppressed").asBoolean()).isTrue();
    }

    /** When a thing is deleted, its active alarms become invalid (with the reason), and an audit event says so. */
    private void alarmsOfADeletedThingBecomeInvalid(NodeHarness node, MonitorLoop loop) throws Exception {
        ok(node.cli("device", "enroll", "dev-3", "--out", dir.resolve("dev-3").toString()));
        for (int i = 0; i < 8; i++) {
            loop.accept(authorizationFailure(TargetKey.thing("dev-3")));
        }
        long id = await(node, "--thing", "dev-3", a -> a.path("state").asText().equals("active"))
                .path("id")
                .asLong();
        ok(node.cli("device", "delete", "dev-3"));
        JsonNode alarm = JSON.readTree(
                ok(node.cli("monitor", "alarm", String.valueOf(id), "--json")).out());
        assertThat(alarm.path("state").asText()).isEqualTo("invalid");
        assertThat(alarm.path("invalidReason").asText()).contains("deleted");
        node.node.audit().log().flushAndSign();
        assertThat(ok(node.cli("audit", "query", "--action", "monitor:AlarmInvalidated"))
                        .out())
                .contains("alarm/" + id);
    }

    private static Observation authorizationFailure(TargetKey thing) {
        return Observation.onTopic(
                thing, Metric.NUM_AUTHORIZATION_FAILURES, 1, "devices/other/cmd", System.currentTimeMillis());
    }

    /** What a scanning dev-1 causes, twice a second: a denial, and a message of its own. */
    private static Thread feed(MonitorLoop loop, AtomicBoolean feeding) {
        Thread t = new Thread(() -> {
            while (feeding.get()) {
                loop.accept(authorizationFailure(DEV1));
                loop.accept(Observation.onTopic(
                        DEV1, Metric.NUM_MESSAGES_SENT, 1, "devices/dev-1/telemetry", System.currentTimeMillis()));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
        return t;
    }

    private static JsonNode await(NodeHarness node, String option, String value, Predicate<JsonNode> wanted)
            throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode alarms = JSON.readTree(ok(node.cli("monitor", "alarms", option, value, "--json"))
                            .out())
                    .path("alarms");
            for (JsonNode a : alarms) {
                if (wanted.test(a)) {
                    return a;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no alarm for " + option + " " + value + " within 20 s");
    }

    /** The learned baseline takes one sample per window (10 s) once dev-1 is watched. */
    private static Optional<BaselineSnapshot> awaitBaseline(MonitorLoop loop) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<BaselineSnapshot> b = loop.call(DetectionEngine::baselines).get(10, TimeUnit.SECONDS).stream()
                    .filter(s ->
                            s.key().profile().equals("door") && s.key().target().equals(DEV1))
                    .findFirst();
            if (b.isPresent()) {
                return b;
            }
            Thread.sleep(500);
        }
        return Optional.empty();
    }
}
