package dev.warden.device.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.device.DeviceErrorReason;
import dev.warden.device.DeviceException;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.device.DeviceMetricsListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reporter against the node's own listener, wired back to back without a broker: what it publishes is judged
 * exactly as the node judges it, and the replies come back through its subscriptions.
 */
class DeviceMetricsReporterTest {
    private final List<Observation> observed = new CopyOnWriteArrayList<>();
    private final DeviceMetricsListener node = new DeviceMetricsListener(observed::add);
    private final Map<String, Consumer<byte[]>> subscriptions = new ConcurrentHashMap<>();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private volatile boolean nodeAnswers = true;

    /** The device "t1": publishes go to the node's listener; its replies to this device's subscriptions. */
    private final MetricsChannel channel = new MetricsChannel() {
        @Override
        public String thingName() {
            return "t1";
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload) {
            published.add(topic);
            if (nodeAnswers) {
                node.onPublish(new AcceptedPublish(
                        new DeviceIdentity("t1", "0a", "ff", Map.of()), "t1", topic, payload, 1, false, 1L));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> subscribe(String topic, Consumer<byte[]> handler) {
            subscriptions.put(topic, handler);
            return CompletableFuture.completedFuture(null);
        }
    };

    {
        node.attach((clientId, topic, payload) -> {
            Consumer<byte[]> handler = subscriptions.get(topic);
            if (handler != null) {
                handler.accept(payload);
            }
        });
    }

    @AfterEach
    void close() {
        node.close();
    }

    private static MetricsCollector fixed(HostMetrics h) {
        return () -> h;
    }

    @Test
    void reportsOnDemandWithCustomMetricsAndIsAccepted() throws Exception {
        AtomicInteger depth = new AtomicInteger(3);
        List<ReportReply> replies = new CopyOnWriteArrayList<>();
        try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(channel)
                .collector(fixed(ProcNetTest.host()))
                .customMetric("queue-depth", depth::get)
                .customMetric("broken", () -> Double.NaN)
                .onReply(replies::add)
                .start()) {
            assertThat(subscriptions)
                    .containsOnlyKeys(
                            "$warden/things/t1/defender/metrics/json/accepted",
                            "$warden/things/t1/defender/metrics/json/rejected");
            ReportReply first = reporter.reportNow().get(5, TimeUnit.SECONDS);
            assertThat(first.accepted()).isTrue();
            depth.set(40);
            ReportReply second = reporter.reportNow().get(5, TimeUnit.SECONDS);
            assertThat(second.reportId()).isGreaterThan(first.reportId());
            assertThat(replies).containsExactly(first, second);
            assertThat(reporter.accepted()).isEqualTo(2);
            assertThat(reporter.lastReply()).isEqualTo(second);
        }
        assertThat(published).containsOnly("$warden/things/t1/defender/metrics/json");
        assertThat(observed)
                .filteredOn(o -> o.metric() == Metric.CUSTOM)
                .extracting(Observation::item, Observation::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("queue-depth", 3.0),
                        org.assertj.core.groups.Tuple.tuple("queue-depth", 40.0));
        assertThat(observed)
                .filteredOn(o -> o.metric() == Metric.LISTENING_TCP_PORTS)
                .hasSize(2);
    }

    @Test
    void reportsOnASchedule() throws Exception {
        try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(channel)
                .collector(MetricsCollector.NONE)
                .every(Duration.ofSeconds(1))
                .firstReportAfter(Duration.ZERO)
                .start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reporter.accepted() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(reporter.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aRejectionIsHandedToTheCaller() throws Exception {
        Clock past = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (DeviceMetricsReporter now = DeviceMetricsReporter.builder(channel)
                .collector(MetricsCollector.NONE)
                .start()) {
            assertThat(now.reportNow().get(5, TimeUnit.SECONDS).accepted()).isTrue();
        }
        // The same device again, with a clock in the past: its report ids went back.
        try (DeviceMetricsReporter stale = DeviceMetricsReporter.builder(channel)
                .collector(MetricsCollector.NONE)
                .clock(past)
                .start()) {
            ReportReply reply = stale.reportNow().get(5, TimeUnit.SECONDS);
            assertThat(reply.accepted()).isFalse();
            assertThat(reply.code()).isEqualTo("INVALID_DEVICE_METRICS");
            assertThat(reply.message()).contains("replayed or old");
            assertThat(reply.reportId()).isEqualTo(past.millis());
            assertThat(stale.rejected()).isEqualTo(1);
        }
    }

    @Test
    void noReplyIsATimeoutAndCloseFailsWhatWaits() throws Exception {
        nodeAnswers = false;
        try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(channel)
                .collector(MetricsCollector.NONE)
                .replyTimeout(Duration.ofMillis(200))
                .start()) {
            assertThatThrownBy(() -> reporter.reportNow().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.TIMEOUT));
            assertThat(reporter.failed()).isEqualTo(1);
        }
        DeviceMetricsReporter closed = DeviceMetricsReporter.builder(channel)
                .collector(MetricsCollector.NONE)
                .replyTimeout(Duration.ofMinutes(1))
                .start();
        CompletableFuture<ReportReply> waiting = closed.reportNow();
        Thread.sleep(100);
        closed.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DeviceException.class);
    }

    @Test
    void customMetricsAreCheckedWhenRegistered() {
        DeviceMetricsReporter.Builder b = DeviceMetricsReporter.builder(channel);
        assertThatThrownBy(() -> b.customMetric("a b", () -> 1)).isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 32; i++) {
            b.customMetric("m" + i, () -> 1);
        }
        assertThatThrownBy(() -> b.customMetric("m32", () -> 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.every(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
