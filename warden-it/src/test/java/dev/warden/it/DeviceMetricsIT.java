package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.CredentialStore;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceErrorReason;
import dev.warden.device.DeviceException;
import dev.warden.device.DeviceMessage;
import dev.warden.device.Qos;
import dev.warden.device.metrics.DeviceMetricsReporter;
import dev.warden.device.metrics.HostMetrics;
import dev.warden.device.metrics.MetricsCollector;
import dev.warden.device.metrics.ReportReply;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.BuiltInProfiles;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.TargetKey;
import dev.warden.pki.Pem;
import dev.warden.policy.DefaultPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device-side metrics end to end: a real node and real devices (the SDK's reporter over mutual TLS). A report is
 * accepted, a bad one is rejected with a code while the connection stays up, another thing's metrics topic is
 * refused by the default policy, and a reported listening port outside a profile's port set raises an alarm.
 */
class DeviceMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static NodeHarness harness;
    static final BlockingQueue<AlarmTransition> alarms = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        harness = new NodeHarness(dir.resolve("data"), null);
        for (String thing : List.of("meter-1", "meter-2", "meter-3")) {
            ok(harness.cli(
                    "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
        }
        harness.node.watchAlarms(alarms::addAll);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static DeviceClient connect(NodeHarness h, Path credentials, String thing) throws Exception {
        X509Certificate root = Pem.parseCertificate(Files.readString(h.dataDir.resolve("pki/root.crt")));
        return DeviceClient.connect(
                CredentialStore.open(credentials.resolve(thing), thing).load(),
                DeviceClientConfig.of("localhost", h.node.mqttPort()).withTrustedRoot(root));
    }

    @Test
    void aListeningTelnetPortOutsideTheProfilesPortSetRaisesAnAlarm() throws Exception {
        // GIVEN a profile that allows only 443 to listen
        harness.node
                .monitorLoop()
                .call(e -> e.install(List.of(BuiltInProfiles.baseline(), ProfileParser.parse("""
                                {"name": "only-https", "behaviours": [
                                  {"name": "listening-ports", "metric": "listening-tcp-ports",
                                   "operator": "not-in-port-set", "ports": [443], "window-seconds": 10}]}
                                """, "only-https"))))
                .get(10, TimeUnit.SECONDS);
        AtomicReference<HostMetrics> state =
                new AtomicReference<>(new HostMetrics(Set.of(443), Set.of(), List.of(), Map.of()));
        try (DeviceClient client = connect(harness, dir, "meter-1");
                DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(client)
                        .collector(state::get)
                        .start()) {
            ReportReply clean = reporter.reportNow().get(15, TimeUnit.SECONDS);
            assertThat(clean.accepted()).as(String.valueOf(clean)).isTrue();
            assertThat(alarmFor("meter-1", 2)).isNull();

            // WHEN the device reports a telnet port listening
            state.set(state.get().withTcpListening(23));
            assertThat(reporter.reportNow().get(15, TimeUnit.SECONDS).accepted())
                    .isTrue();

            // THEN the alarm is raised within seconds, naming the port
            AlarmTransition raised = alarmFor("meter-1", 10);
            assertThat(raised).isNotNull();
            assertThat(raised.kind()).isEqualTo(AlarmTransition.Kind.RAISED);
            assertThat(raised.key().behaviour()).isEqualTo("listening-ports");
            assertThat(raised.detail()).isEqualTo("1 ports: 23");

            // And the real host's metrics, from /proc, are accepted too.
            try (DeviceMetricsReporter real = DeviceMetricsReporter.builder(client)
                    .collector(MetricsCollector.linux())
                    .start()) {
                assertThat(real.reportNow().get(15, TimeUnit.SECONDS).accepted())
                        .isTrue();
            }
        }
        assertThat(harness.node.deviceMetrics().accepted()).isGreaterThanOrEqualTo(3);
    }

    private static AlarmTransition alarmFor(String thing, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            AlarmTransition t = alarms.poll(100, TimeUnit.MILLISECONDS);
            if (t != null && t.key().target().equals(TargetKey.thing(thing))) {
                return t;
            }
        }
        return null;
    }

    @Test
    void aBadDocumentIsRejectedWithACodeAndTheConnectionStaysUp() throws Exception {
        String topic = DeviceMetricsReporter.topic("meter-2");
        BlockingQueue<DeviceMessage> replies = new LinkedBlockingQueue<>();
        try (DeviceClient client = connect(harness, dir, "meter-2")) {
            client.subscribe(topic + "/rejected", Qos.AT_LEAST_ONCE, replies::add)
                    .get(10, TimeUnit.SECONDS);
            String hostName = "{\"header\": {\"report_id\": 5, \"version\": \"1.0\"}, \"metrics\": {"
                    + "\"tcp_connections\": {\"established_connections\": {\"connections\": ["
                    + "{\"remote_addr\": \"attacker.example:443\"}]}}}}";
            client.publish(topic, hostName.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
            DeviceMessage reply = replies.poll(15, TimeUnit.SECONDS);
            assertThat(reply).as("a rejection").isNotNull();
            JsonNode body = JSON.readTree(reply.payload());
            assertThat(body.path("report_id").asLong()).isEqualTo(5);
            assertThat(body.path("code").asText()).isEqualTo("INVALID_DEVICE_METRICS");
            assertThat(body.path("message").asText()).contains("remote_addr must be an IP literal");

            client.publish(topic, new byte[9_000], Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            assertThat(JSON.readTree(replies.poll(15, TimeUnit.SECONDS).payload())
                            .path("code")
                            .asText())
                    .isEqualTo("DEVICE_METRICS_TOO_LARGE");

            // The connection is still up and the device goes on working, reports included.
            assertThat(client.isConnected()).isTrue();
            client.publishTelemetry("{\"t\":1}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
            try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(client)
                    .collector(MetricsCollector.NONE)
                    .customMetric("battery", () -> 87)
                    .start()) {
                assertThat(reporter.reportNow().get(15, TimeUnit.SECONDS).accepted())
                        .isTrue();
            }
        }
        assertThat(harness.node.deviceMetrics().rejected()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anotherThingsMetricsTopicIsRefusedByPolicy() throws Exception {
        String theirs = DeviceMetricsReporter.topic("meter-1");
        try (DeviceClient client = connect(harness, dir, "meter-3")) {
            // GIVEN meter-3, WHEN it reports as meter-1 or listens to meter-1's replies, THEN the gateway refuses
            assertThatThrownBy(() -> client.publish(theirs, "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
            assertThatThrownBy(() -> client.subscribe(theirs + "/accepted", Qos.AT_LEAST_ONCE, m -> {})
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(DeviceException.class);
            // Its own topic works.
            try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(client)
                    .collector(MetricsCollector.NONE)
                    .start()) {
                assertThat(reporter.reportNow().get(15, TimeUnit.SECONDS).accepted())
                        .isTrue();
            }
        }
    }

    @Test
    void aSimulatedFleetReportsAndTheMisbehavingDeviceIsCaught() throws Exception {
        harness.node
                .monitorLoop()
                .call(e ->
                        e.install(List.of(BuiltInProfiles.baseline(), ProfileParser.parse("""
                                {"name": "known-destinations", "behaviours": [
                                  {"name": "suspicious-destination", "metric": "destination-ip-addresses",
                                   "operator": "in-cidr-set", "cidrs": ["198.51.100.0/24"], "window-seconds": 10}]}
                                """, "known-destinations"))))
                .get(10, TimeUnit.SECONDS);
        ok(harness.cli("template", "create", "dm", "--pattern", "dm-*"));
        ok(harness.cli(
                "claim",
                "create",
                "dm-claim",
                "--template",
                "dm",
                "--out",
                dir.resolve("dm").toString()));
        String out = ok(harness.cli(
                        "device",
                        "simulate",
                        "--count",
                        "3",
                        "--rate",
                        "1",
                        "--duration",
                        "4",
                        "--template",
                        "dm",
                        "--claim-dir",
                        dir.resolve("dm").toString(),
                        "--claim",
                        "dm-claim",
                        "--prefix",
                        "dm-",
                        "--report-metrics",
                        "1",
                        "--misbehave",
                        "destination"))
                .out();
        assertThat(out).contains("connected 3").contains("rejected 0, failed 0").contains("misbehaving: destination");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        AlarmTransition caught = null;
        while (caught == null && System.nanoTime() < deadline) {
            AlarmTransition t = alarms.poll(100, TimeUnit.MILLISECONDS);
            if (t != null && t.key().behaviour().equals("suspicious-destination")) {
                caught = t;
            }
        }
        assertThat(caught).as("an alarm for the misbehaving device").isNotNull();
        assertThat(caught.key().target().name()).startsWith("dm-").endsWith("-0");
        assertThat(caught.detail()).contains("198.51.100.7");
    }

    /** The default policy before device metrics existed, as a node of that release stored it. */
    static String previousDefault(String region, String account) {
        String p = "arn:warden:iot:" + region + ":" + account + ":";
        return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
                + "    {\n      \"Sid\": \"ConnectAsThingName\",\n      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Connect\",\n"
                + "      \"Resource\": \"" + p + "client/${iot:Connection.Thing.ThingName}\"\n    },\n"
                + "    {\n      \"Sid\": \"PublishReceiveOwnTopics\",\n      \"Effect\": \"Allow\",\n"
                + "      \"Action\": [\"iot:Publish\", \"iot:Receive\"],\n"
                + "      \"Resource\": \"" + p + "topic/devices/${iot:Connection.Thing.ThingName}/*\"\n    },\n"
                + "    {\n      \"Sid\": \"SubscribeOwnTopicFilters\",\n      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"iot:Subscribe\",\n"
                + "      \"Resource\": \"" + p + "topicfilter/devices/${iot:Connection.Thing.ThingName}/*\"\n    }\n"
                + "  ]\n}\n";
    }

    /** The quarantine policy before attestation under quarantine: only the remediation topics stay open. */
    private static String previousQuarantine(String region, String account) {
        String p = "arn:warden:iot:" + region + ":" + account + ":";
        String topics = p + "topic/${$}warden/things/${iot:Connection.Thing.ThingName}/remediation/*";
        return "{\"Version\": \"2012-10-17\", \"Statement\": ["
                + "{\"Sid\": \"QuarantineDenyOtherTopics\", \"Effect\": \"Deny\","
                + " \"Action\": [\"iot:Publish\", \"iot:Receive\"], \"NotResource\": \"" + topics + "\"},"
                + "{\"Sid\": \"RemediationTopics\", \"Effect\": \"Allow\","
                + " \"Action\": [\"iot:Publish\", \"iot:Receive\"], \"Resource\": \"" + topics + "\"}]}\n";
    }

    @Test
    void aNodeUpgradedFromTheReleaseBeforeLetsItsDevicesReport(@TempDir Path other) throws Exception {
        Path data = other.resolve("data");
        String region;
        String account;
        // GIVEN a node whose stored default policy is the previous release's
        try (NodeHarness before = new NodeHarness(data, null)) {
            region = before.node.config().region();
            account = before.node.config().account();
            ok(before.cli(
                    "device", "enroll", "old-1", "--out", other.resolve("old-1").toString()));
            String previous = previousDefault(region, account);
            before.node
                    .database()
                    .inTransaction(h -> new PolicyDao(h)
                            .updateDocument(DefaultPolicies.DEVICE_DEFAULT_NAME, previous, Instant.now()));
            // AND a quarantine policy of a release before quarantined things could attest their boot
            before.node
                    .database()
                    .useTransaction(h -> new PolicyDao(h)
                            .insert(new PolicyRecord(
                                    DefaultPolicies.QUARANTINE_NAME,
                                    previousQuarantine(region, account),
                                    true,
                                    Instant.now(),
                                    Instant.now())));
        }
        // WHEN it starts with this release
        try (NodeHarness after = new NodeHarness(data, null)) {
            // THEN the stored default is this release's, the change is in the trail, and old devices can report
            String stored = after.node
                    .database()
                    .read(h -> new PolicyDao(h).find(DefaultPolicies.DEVICE_DEFAULT_NAME))
                    .orElseThrow()
                    .document();
            assertThat(stored).isEqualTo(DefaultPolicies.deviceDefaultJson(region, account));
            after.node.audit().log().flushAndSign();
            JsonNode events =
                    JSON.readTree(ok(after.cli("audit", "query", "--json", "--action", "iam:UpdateBuiltInPolicy"))
                            .out());
            assertThat(events.path("events")).isNotEmpty();
            // AND the quarantine policy is this release's too (attestation topics open), its change in the trail
            assertThat(after.node
                            .database()
                            .read(h -> new PolicyDao(h).find(DefaultPolicies.QUARANTINE_NAME))
                            .orElseThrow()
                            .document())
                    .isEqualTo(DefaultPolicies.quarantineJson(region, account));
            assertThat(events.toString()).contains("policy/" + DefaultPolicies.QUARANTINE_NAME);
            try (DeviceClient client = connect(after, other, "old-1");
                    DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(client)
                            .collector(MetricsCollector.NONE)
                            .start()) {
                assertThat(reporter.reportNow().get(15, TimeUnit.SECONDS).accepted())
                        .isTrue();
            }
        }
    }
}
