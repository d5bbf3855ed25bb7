package dev.warden.monitor.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.monitor.core.AlarmTransition;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.TargetDirectory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceMetricsListenerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    record Reply(String clientId, String topic, JsonNode body) {}

    private final List<Observation> observed = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final DeviceMetricsListener listener = new DeviceMetricsListener(observed::add, 4, 100);

    {
        listener.attach((clientId, topic, payload) -> {
            try {
                replies.add(new Reply(clientId, topic, JSON.readTree(payload)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void close() {
        listener.close();
    }

    private static AcceptedPublish publish(String thing, String topicThing, String document) {
        return new AcceptedPublish(
                new DeviceIdentity(thing, "0a", "ff", Map.of()),
                thing + "-client",
                "$warden/things/" + topicThing + "/defender/metrics/json",
                document.getBytes(StandardCharsets.UTF_8),
                1,
                false,
                T0);
    }

    private static String report(long id, String metrics) {
        return "{\"header\":{\"report_id\":" + id + ",\"version\":\"1.0\"},\"metrics\":{" + metrics + "}}";
    }

    private Reply next() throws InterruptedException {
        Reply r = replies.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a reply").isNotNull();
        return r;
    }

    @Test
    void acceptedReportRepliesToTheClientAndFeedsTheMonitor() throws Exception {
        listener.onPublish(publish("t1", "t1", report(7, "\"listening_tcp_ports\":{\"ports\":[{\"port\":23}]}")));
        Reply r = next();
        assertThat(r.clientId()).isEqualTo("t1-client");
        assertThat(r.topic()).isEqualTo("$warden/things/t1/defender/metrics/json/accepted");
        assertThat(r.body()).isEqualTo(JSON.readTree("{\"report_id\":7}"));
        assertThat(observed)
                .extracting(Observation::metric)
                .containsExactly(Metric.LISTENING_TCP_PORTS, Metric.NUM_LISTENING_TCP_PORTS);
        assertThat(listener.accepted()).isEqualTo(1);
    }

    @Test
    void badReplayedAndForeignReportsAreRejectedWithACodeAndLoseNothing() throws Exception {
        listener.onPublish(publish("t1", "t1", "{\"header\":{\"report_id\":3,\"version\":\"1.0\"},\"metrics\":[]}"));
        Reply bad = next();
        assertThat(bad.topic()).endsWith("/rejected");
        assertThat(bad.body().path("report_id").asLong()).isEqualTo(3);
        assertThat(bad.body().path("code").asText()).isEqualTo("INVALID_DEVICE_METRICS");
        assertThat(bad.body().path("message").asText()).contains("metrics must be an object");

        listener.onPublish(publish("t1", "t1", report(5, "")));
        assertThat(next().topic()).endsWith("/accepted");
        listener.onPublish(publish("t1", "t1", report(5, "")));
        Reply replay = next();
        assertThat(replay.topic()).endsWith("/rejected");
        assertThat(replay.body().path("message").asText()).contains("replayed or old");

        // A custom policy might let t1 publish on t2's topic: the report is still not t2's.
        listener.onPublish(publish("t1", "t2", report(9, "")));
        Reply foreign = next();
        assertThat(foreign.topic()).isEqualTo("$warden/things/t2/defender/metrics/json/rejected");
        assertThat(foreign.clientId()).isEqualTo("t1-client");
        assertThat(foreign.body().path("message").asText()).contains("only its own metrics");

        listener.onPublish(publish("t1", "t1", "x".repeat(9000)));
        assertThat(next().body().path("code").asText()).isEqualTo("DEVICE_METRICS_TOO_LARGE");
        assertThat(listener.rejected()).isEqualTo(4);
        assertThat(listener.accepted()).isEqualTo(1);
        assertThat(observed).isEmpty();
    }

    @Test
    void otherTopicsAndClaimsAreIgnored() throws Exception {
        listener.onPublish(new AcceptedPublish(
                new DeviceIdentity("t1", "0a", "ff", Map.of()),
                "t1",
                "devices/t1/telemetry",
                new byte[1],
                1,
                false,
                T0));
        listener.onPublish(new AcceptedPublish(
                new DeviceIdentity("claim-x", "0a", "ff", Map.of(DeviceIdentity.CLAIM_ATTRIBUTE, "plant")),
                "c",
                "$warden/things/claim-x/defender/metrics/json",
                report(1, "").getBytes(StandardCharsets.UTF_8),
                1,
                false,
                T0));
        listener.onPublish(publish("t1", "t1/x", report(1, "")));
        assertThat(replies.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(listener.accepted() + listener.rejected()).isZero();
    }

    @Test
    void aFullQueueIsThrottledNotWaitedFor() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (DeviceMetricsListener slow = new DeviceMetricsListener(o -> awaitQuietly(hold), 1, 100)) {
            BlockingQueue<String> codes = new LinkedBlockingQueue<>();
            slow.attach((c, topic, payload) -> codes.add(topic.endsWith("/accepted") ? "OK" : new String(payload)));
            String withPorts = "\"listening_tcp_ports\":{\"ports\":[{\"port\":1}]}";
            for (int i = 1; i <= 4; i++) {
                slow.onPublish(publish("t1", "t1", report(i, withPorts))); // returns at once, whatever the worker does
            }
            assertThat(codes.poll(5, TimeUnit.SECONDS)).contains(DeviceMetricsListener.THROTTLED);
            hold.countDown();
            assertThat(slow.rejected()).isGreaterThanOrEqualTo(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anOpenTelnetPortRaisesANotInPortSetAlarm() throws Exception {
        DetectionEngine engine = new DetectionEngine(TargetDirectory.NONE);
        engine.install(List.of(ProfileParser.parse(
                "{\"name\":\"ports\",\"behaviours\":[{\"name\":\"only-https\",\"metric\":\"listening-tcp-ports\","
                        + "\"operator\":\"not-in-port-set\",\"ports\":[443],\"window-seconds\":10}]}",
                "ports")));
        listener.onPublish(publish("t1", "t1", report(1, "\"listening_tcp_ports\":{\"ports\":[{\"port\":443}]}")));
        next();
        observed.forEach(engine::observe);
        assertThat(engine.evaluate(T0 + 1_000)).isEmpty();
        observed.clear();
        listener.onPublish(
                publish("t1", "t1", report(2, "\"listening_tcp_ports\":{\"ports\":[{\"port\":443},{\"port\":23}]}")));
        next();
        observed.forEach(engine::observe);
        assertThat(engine.evaluate(T0 + 2_000)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlarmTransition.Kind.RAISED);
            assertThat(a.detail()).isEqualTo("1 ports: 23");
        });
    }
}
