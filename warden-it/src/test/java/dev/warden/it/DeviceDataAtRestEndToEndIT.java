package dev.warden.it;

import static dev.warden.it.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.node.config.ConfigKey;
import dev.warden.telemetry.TelemetryCounters;
import dev.warden.telemetry.TelemetrySegment;
import dev.warden.testkit.PostgresFixture;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Device data at rest with a real node and real mosquitto clients, on SQLite and PostgreSQL: telemetry published by
 * enrolled devices is stored encrypted under each thing's data key, queried back in order and by time window, never
 * found in the clear in any file of the data directory nor in a pg_dump, and crypto-shredded by {@code warden thing
 * erase}: afterwards even a ciphertext saved aside before the erasure cannot be decrypted.
 */
@Tag("mosquitto")
@Tag("postgresql")
class DeviceDataAtRestEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FOREVER = Instant.ofEpochMilli(Long.MAX_VALUE);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void telemetryIsStoredEncryptedQueriedAndCryptoShredded(String backend) throws Exception {
        String db = "postgresql".equals(backend) ? PostgresFixture.freshSchemaUrl() : null;
        Path data = dir.resolve("data");
        try (NodeHarness harness = new NodeHarness(data, db)) {
            for (String thing : List.of("sensor-a", "sensor-b")) {
                ok(harness.cli(
                        "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
            }
            // GIVEN five unique markers from sensor-a (three, then a time boundary, then two) and one from sensor-b
            List<String> markers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                markers.add("MARKER-TELEMETRY-" + i + "-" + UUID.randomUUID());
            }
            String otherMarker = "MARKER-OTHER-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                publish(harness, "sensor-a", "devices/sensor-a/telemetry", markers.get(i));
            }
            awaitStored(harness);
            Thread.sleep(5);
            Instant boundary = Instant.now();
            Thread.sleep(5);
            for (int i = 3; i < 5; i++) {
                publish(harness, "sensor-a", "devices/sensor-a/telemetry", markers.get(i));
            }
            publish(harness, "sensor-b", "devices/sensor-b/state", otherMarker);
            awaitStored(harness);

            // THEN queries return them decrypted, in order, by window, and only the thing's own
            assertThat(payloads(harness, "sensor-a")).containsExactlyElementsOf(markers);
            assertThat(payloads(harness, "sensor-a", "--to", boundary.toString()))
                    .containsExactlyElementsOf(markers.subList(0, 3));
            assertThat(payloads(harness, "sensor-a", "--from", boundary.toString()))
                    .containsExactlyElementsOf(markers.subList(3, 5));
            assertThat(payloads(harness, "sensor-b")).containsExactly(otherMarker);
            String text = ok(harness.cli("data", "query", "sensor-a")).out();
            assertThat(text).contains("devices/sensor-a/telemetry").contains(markers.get(4));

            // AND no marker is anywhere at rest in the clear
            List<String> all = new ArrayList<>(markers);
            all.add(otherMarker);
            harness.node.audit().log().flushAndSign();
            AtRestScan.assertNoMarkerUnder(data, all);
            if (db != null) {
                AtRestScan.assertNoMarkerIn("pg_dump", AtRestScan.pgDump(dir, db, "telemetry_segments"), all);
            }

            // GIVEN an attacker's copy of sensor-a's segments and its wrapped data key, taken before the erasure
            List<TelemetrySegment> saved =
                    harness.node.telemetry().storedSegments("sensor-a", Instant.EPOCH, FOREVER, 100);
            String savedKey =
                    harness.node.telemetry().wrappedDataKey("sensor-a").orElseThrow();
            // (At least two: the first three messages were stored before the last two were sent.)
            assertThat(saved).hasSizeGreaterThanOrEqualTo(2);
            assertThat(saved.stream().mapToInt(TelemetrySegment::messages).sum())
                    .isEqualTo(5);
            assertThat(saved.stream()
                            .flatMap(segment -> harness.node.telemetry().open(segment, savedKey).stream())
                            .map(m -> new String(m.payload(), StandardCharsets.UTF_8)))
                    .containsExactlyElementsOf(markers);
            // A ciphertext moved to another segment's row, or a row whose clear fields were edited, fails to decrypt.
            TelemetrySegment first = saved.get(0);
            TelemetrySegment moved = new TelemetrySegment(
                    first.id(),
                    first.region(),
                    "sensor-a",
                    first.firstAtMillis(),
                    first.lastAtMillis(),
                    first.messages(),
                    saved.get(1).ciphertext());
            TelemetrySegment widened = new TelemetrySegment(
                    first.id(),
                    first.region(),
                    "sensor-a",
                    first.firstAtMillis() - 1,
                    first.lastAtMillis(),
                    first.messages(),
                    first.ciphertext());
            for (TelemetrySegment altered : List.of(moved, widened)) {
                assertThatThrownBy(() -> harness.node.telemetry().open(altered))
                        .isInstanceOfSatisfying(
                                KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.DECRYPTION_FAILED));
            }

            // WHEN sensor-a is erased
            JsonNode erased = JSON.readTree(
                    ok(harness.cli("thing", "erase", "sensor-a", "--json")).out());
            assertThat(erased.path("messagesDeleted").asInt()).isEqualTo(5);
            assertThat(erased.path("dataKeyDestroyed").asBoolean()).isTrue();

            // THEN nothing of it can be read any more, not even the saved copy; sensor-b is untouched
            assertThat(payloads(harness, "sensor-a")).isEmpty();
            for (TelemetrySegment segment : saved) {
                assertThatThrownBy(() -> harness.node.telemetry().open(segment, savedKey))
                        .isInstanceOfSatisfying(
                                KmsException.class, e -> assertThat(e.reason()).isEqualTo(KmsReason.KEY_DESTROYED));
            }
            assertThat(harness.node.telemetry().wrappedDataKey("sensor-a")).isEmpty();
            // Nor is the key's wrapping left behind in the database files (freed pages, WAL) or the dump.
            // (The key's own ciphertext, at the end: the envelope header before it is the same for every thing.)
            List<String> wrapping = List.of(savedKey.substring(savedKey.length() - 64, savedKey.length() - 4));
            assertNoneUnder(data, wrapping);
            if (db != null) {
                assertThat(AtRestScan.pgDump(dir, db, "telemetry_segments")).doesNotContain(wrapping.get(0));
            }
            assertThat(payloads(harness, "sensor-b")).containsExactly(otherMarker);

            // AND a new publish of the erased thing is refused storage, counted
            long refusedBefore = harness.node.telemetryRecorder().counters().refused();
            publish(harness, "sensor-a", "devices/sensor-a/telemetry", "after-erasure");
            awaitStored(harness);
            assertThat(harness.node.telemetryRecorder().counters().refused()).isEqualTo(refusedBefore + 1);
            assertThat(payloads(harness, "sensor-a")).isEmpty();

            // AND the erasure is in the audit trail with its counts
            harness.node.audit().log().flushAndSign();
            JsonNode events = JSON.readTree(
                            ok(harness.cli("audit", "query", "--json", "--action", "data:EraseThing", "--limit", "100"))
                                    .out())
                    .path("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("details").path("messagesDeleted").asText()).isEqualTo("5");
                assertThat(e.path("details").path("dataOwner").asText()).isEqualTo("thing/sensor-a");
                assertThat(e.path("resource").asText()).endsWith(":thing/sensor-a");
            });
            AtRestScan.assertNoMarkerUnder(data, all);
        }
        AtRestScan.assertNoMarkerUnder(data, List.of());
    }

    /** A burst far beyond the queue: every message is stored or counted as dropped, and the node keeps serving. */
    @Test
    void aBurstLargerThanTheQueueIsCountedNotFatal() throws Exception {
        Path data = dir.resolve("burst");
        try (NodeHarness harness = new NodeHarness(
                data, null, Map.of(ConfigKey.TELEMETRY_QUEUE_CAPACITY, "2", ConfigKey.MQTT_PUBLISH_RATE, "100000"))) {
            ok(harness.cli(
                    "device",
                    "enroll",
                    "burst-1",
                    "--out",
                    dir.resolve("burst-1").toString()));
            int sent = 400;
            Path lines = dir.resolve("lines.txt");
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < sent; i++) {
                body.append("burst-").append(i).append('\n');
            }
            Files.writeString(lines, body);
            List<String> command = mosquitto(harness, "burst-1", "-t", "devices/burst-1/telemetry", "-l", "-q", "0");
            Processes.requireTool(command.get(0));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(lines.toFile())
                    .start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as(new String(process.getInputStream().readAllBytes()))
                    .isZero();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (harness.node.telemetryRecorder().counters().accepted() < sent && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            awaitStored(harness);
            TelemetryCounters counters = harness.node.telemetryRecorder().counters();
            assertThat(counters.accepted()).isEqualTo(sent);
            assertThat(counters.stored() + counters.dropped()).isEqualTo(sent);
            assertThat(counters.failed()).isZero();
            assertThat(harness.node.telemetry().query("burst-1", Instant.EPOCH, FOREVER, 10_000))
                    .hasSize((int) counters.stored());
            // Still serving: a later single message is stored.
            publish(harness, "burst-1", "devices/burst-1/telemetry", "after-burst");
            awaitStored(harness);
            assertThat(payloads(harness, "burst-1")).contains("after-burst");
            // Retention removes what is older than its cutoff.
            assertThat(harness.node
                            .telemetry()
                            .deleteReceivedBefore(Instant.now().plusSeconds(1)))
                    .isEqualTo((int) counters.stored() + 1);
            assertThat(payloads(harness, "burst-1")).isEmpty();
        }
    }

    /** With {@code telemetry-store: off} the gateway routes device messages but keeps none of them. */
    @Test
    void withTheStoreOffMessagesAreRoutedButNotStored() throws Exception {
        Path data = dir.resolve("routing-only");
        try (NodeHarness harness = new NodeHarness(data, null, Map.of(ConfigKey.TELEMETRY_STORE, "off"))) {
            for (String thing : List.of("relay-1", "relay-app")) {
                ok(harness.cli(
                        "device", "enroll", thing, "--out", dir.resolve(thing).toString()));
            }
            Files.writeString(dir.resolve("reader.json"), """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": ["iot:Subscribe", "iot:Receive"], "Resource": [
                        "arn:warden:iot:eu-west-1:default:topicfilter/devices/relay-1/telemetry",
                        "arn:warden:iot:eu-west-1:default:topic/devices/relay-1/telemetry"]}]}
                    """);
            ok(harness.cli(
                    "policy",
                    "create",
                    "relay-reader",
                    "--file",
                    dir.resolve("reader.json").toString()));
            ok(harness.cli("policy", "attach", "relay-reader", "--thing", "relay-app"));
            String marker = "MARKER-NOT-STORED-" + UUID.randomUUID();
            List<String> subscribe = new ArrayList<>(
                    mosquitto(harness, "relay-app", "-t", "devices/relay-1/telemetry", "-C", "1", "-W", "20"));
            subscribe.set(0, "mosquitto_sub");
            Processes.requireTool(subscribe.get(0));
            Process reader =
                    new ProcessBuilder(subscribe).redirectErrorStream(true).start();
            // Publish once the reader's connection is up (its SUBACK follows within milliseconds).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (harness.node.gateway().sessions().connectionCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            publish(harness, "relay-1", "devices/relay-1/telemetry", marker);

            assertThat(reader.waitFor(25, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(marker);
            assertThat(harness.node.telemetryRecorder().counters().accepted()).isZero();
            assertThat(harness.node.telemetry().storedSegments("relay-1", Instant.EPOCH, FOREVER, 10))
                    .isEmpty();
            assertNoneUnder(data, List.of(marker));
        }
    }

    private void publish(NodeHarness harness, String thing, String topic, String payload) {
        var result = Processes.run(dir, mosquitto(harness, thing, "-t", topic, "-m", payload, "-q", "1"), 20);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private List<String> mosquitto(NodeHarness harness, String thing, String... args) {
        Path d = dir.resolve(thing);
        List<String> command = new ArrayList<>(List.of(
                "mosquitto_pub",
                "-h",
                "localhost",
                "-p",
                String.valueOf(harness.node.mqttPort()),
                "--cafile",
                harness.dataDir.resolve("pki/root.crt").toString(),
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

    private static void awaitStored(NodeHarness harness) throws InterruptedException {
        assertThat(harness.node.telemetryRecorder().awaitIdle(10, TimeUnit.SECONDS))
                .isTrue();
    }

    private static List<String> payloads(NodeHarness harness, String thing, String... window) throws IOException {
        List<String> args = new ArrayList<>(List.of("data", "query", thing, "--json"));
        args.addAll(List.of(window));
        List<String> payloads = new ArrayList<>();
        JSON.readTree(ok(harness.cli(args.toArray(String[]::new))).out())
                .path("messages")
                .forEach(m -> payloads.add(m.path("payload").asText()));
        return payloads;
    }

    /** Plain substrings (here: a base64 text as the database stores it) in no file under {@code data}. */
    private static void assertNoneUnder(Path data, List<String> needles) throws IOException {
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                needles.forEach(
                        n -> assertThat(content).as("%s still holds it", file).doesNotContain(n));
            }
        }
    }
}
