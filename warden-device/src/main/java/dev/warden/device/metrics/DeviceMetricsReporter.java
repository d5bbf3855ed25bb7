package dev.warden.device.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceErrorReason;
import dev.warden.device.DeviceException;
import dev.warden.device.metrics.ProcNet.InterfaceCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the device's metrics to the node, as AWS IoT Device Defender's agent does: on a schedule and on demand,
 * a metrics document on {@code $warden/things/<thing>/defender/metrics/json}, answered on its {@code /accepted} or
 * {@code /rejected}. Each report carries the listening ports and established connections at that moment, the bytes
 * and packets since the previous report (deltas: a report the node did not accept loses its share, none is ever
 * counted twice), and the custom metrics the caller registered. Report ids are the clock's milliseconds, forced to
 * increase, so they keep increasing across restarts of the device, as the node requires.
 *
 * <pre>{@code
 * try (DeviceMetricsReporter reporter = DeviceMetricsReporter.builder(client)
 *         .customMetric("queue-depth", queue::size)
 *         .every(Duration.ofSeconds(60))
 *         .onReply(reply -> log(reply))
 *         .start()) {
 *     ReportReply reply = reporter.reportNow().get(10, SECONDS);
 * }
 * }</pre>
 */
public final class DeviceMetricsReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceMetricsReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricsChannel channel;
    private final MetricsCollector collector;
    private final Map<String, DoubleSupplier> custom;
    private final Duration every;
    private final Duration firstAfter;
    private final Duration replyTimeout;
    private final Clock clock;
    private final Consumer<ReportReply> onReplyHandler;
    private final boolean ownsExecutor;
    private final ScheduledExecutorService executor;
    private final String topic;
    private final ConcurrentSkipListMap<Long, CompletableFuture<ReportReply>> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private HostMetrics previous; // guarded by this
    private long lastReportId; // guarded by this
    private volatile ScheduledFuture<?> schedule;
    private volatile ReportReply lastReply;

    private DeviceMetricsReporter(MetricsChannel channel, Builder settings) {
        this.channel = channel;
        this.collector = settings.collector;
        this.custom = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings.custom));
        this.every = settings.every;
        this.firstAfter = settings.firstAfter;
        this.replyTimeout = settings.replyTimeout;
        this.clock = settings.clock;
        this.onReplyHandler = settings.onReply;
        this.ownsExecutor = settings.executor == null;
        this.topic = topic(channel.thingName());
        this.executor = settings.executor != null
                ? settings.executor
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "device-metrics-" + channel.thingName());
                    t.setDaemon(true);
                    return t;
                });
    }

    public static Builder builder(DeviceClient client) {
        return new Builder(MetricsChannel.of(Objects.requireNonNull(client, "client")));
    }

    static Builder builder(MetricsChannel channel) {
        return new Builder(channel);
    }

    /** {@code $warden/things/<thing>/defender/metrics/json}; replies on its {@code /accepted} and {@code /rejected}. */
    public static String topic(String thingName) {
        return "$warden/things/" + thingName + "/defender/metrics/json";
    }

    private DeviceMetricsReporter start() {
        CompletableFuture<Void> subscribed = CompletableFuture.allOf(
                channel.subscribe(topic + "/accepted", payload -> onReply(true, payload)),
                channel.subscribe(topic + "/rejected", payload -> onReply(false, payload)));
        try {
            subscribed.get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw cause instanceof DeviceException d
                    ? d
                    : new DeviceException(DeviceErrorReason.TIMEOUT, "subscribing to the metrics replies failed", e);
        }
        synchronized (this) {
            previous = collector.collect();
        }
        if (every != null) {
            long period = every.toMillis();
            long first = firstAfter != null ? firstAfter.toMillis() : period;
            schedule = executor.scheduleAtFixedRate(this::reportNow, first, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Collects and publishes a report now; completes with the node's reply, or fails with {@link DeviceException}
     * ({@code TIMEOUT} when no reply came in time, or the publish's own failure).
     */
    public CompletableFuture<ReportReply> reportNow() {
        CompletableFuture<ReportReply> result = new CompletableFuture<>();
        try {
            executor.execute(() -> report(result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new DeviceException(DeviceErrorReason.CLOSED, "the reporter is closed"));
        }
        return result;
    }

    private void report(CompletableFuture<ReportReply> result) {
        long id;
        byte[] document;
        try {
            synchronized (this) {
                HostMetrics now = collector.collect();
                InterfaceCounters delta = now.since(previous);
                previous = now;
                id = Math.max(clock.millis(), lastReportId + 1);
                lastReportId = id;
                document = MetricsDocument.write(id, now, delta, customValues());
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("collecting the metrics of {} failed: {}", channel.thingName(), e.toString());
            result.completeExceptionally(e);
            return;
        }
        pending.put(id, result);
        executor.schedule(
                () -> {
                    if (pending.remove(id, result)) {
                        failed.incrementAndGet();
                        result.completeExceptionally(new DeviceException(
                                DeviceErrorReason.TIMEOUT, "no reply to metrics report " + id + " in " + replyTimeout));
                    }
                },
                replyTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        channel.publish(topic, document).whenComplete((ok, failure) -> {
            if (failure != null && pending.remove(id, result)) {
                failed.incrementAndGet();
                result.completeExceptionally(failure);
            }
        });
    }

    /** The registered custom metrics' current values; one that fails or is out of range is left out this time. */
    private Map<String, Double> customValues() {
        Map<String, Double> out = new LinkedHashMap<>();
        custom.forEach((name, supplier) -> {
            try {
                double v = supplier.getAsDouble();
                if (Double.isFinite(v) && Math.abs(v) <= 1e15) {
                    out.put(name, v);
                }
            } catch (RuntimeException e) {
                LOG.debug("custom metric {} of {} failed: {}", name, channel.thingName(), e.toString());
            }
        });
        return out;
    }

    /** On the MQTT client's thread: match the reply to its report (a reply without an id, to the oldest one). */
    private void onReply(boolean ok, byte[] payload) {
        ReportReply reply;
        try {
            JsonNode body = JSON.readTree(payload);
            long id = body.path("report_id").asLong(0);
            reply = new ReportReply(
                    id,
                    ok,
                    ok ? null : body.path("code").asText(""),
                    ok ? null : body.path("message").asText(""));
        } catch (java.io.IOException e) {
            LOG.warn("unreadable metrics reply for {}", channel.thingName());
            return;
        }
        CompletableFuture<ReportReply> waiting;
        if (reply.reportId() > 0) {
            waiting = pending.remove(reply.reportId());
        } else {
            Map.Entry<Long, CompletableFuture<ReportReply>> oldest = pending.pollFirstEntry();
            waiting = oldest == null ? null : oldest.getValue();
            reply = oldest == null ? reply : new ReportReply(oldest.getKey(), ok, reply.code(), reply.message());
        }
        (ok ? accepted : rejected).incrementAndGet();
        lastReply = reply;
        try {
            onReplyHandler.accept(reply);
        } catch (RuntimeException e) {
            LOG.warn("the metrics reply handler of {} threw: {}", channel.thingName(), e.toString());
        }
        if (waiting != null) {
            waiting.complete(reply);
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Reports that got no reply in time, could not be published, or could not be collected. */
    public long failed() {
        return failed.get();
    }

    /** The last reply received, or null. */
    public ReportReply lastReply() {
        return lastReply;
    }

    /** Stops reporting; reports still waiting for a reply fail with {@code CLOSED}. Leaves the client open. */
    @Override
    public void close() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        pending.values()
                .forEach(f -> f.completeExceptionally(
                        new DeviceException(DeviceErrorReason.CLOSED, "the reporter is closed")));
        pending.clear();
    }

    /** How a reporter reports; {@link #start()} subscribes to the replies and begins. */
    public static final class Builder {
        private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
        private final MetricsChannel channel;
        private MetricsCollector collector = MetricsCollector.linux();
        private final Map<String, DoubleSupplier> custom = new LinkedHashMap<>();
        private Duration every;
        private Duration firstAfter;
        private Duration replyTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private Consumer<ReportReply> onReply = r -> {};
        private ScheduledExecutorService executor;

        private Builder(MetricsChannel channel) {
            this.channel = channel;
        }

        /** Where the network state comes from; {@link MetricsCollector#linux()} by default. */
        public Builder collector(MetricsCollector c) {
            this.collector = Objects.requireNonNull(c, "collector");
            return this;
        }

        /** A custom metric ({@code custom:<name>} in a profile), read at each report. At most 32. */
        public Builder customMetric(String name, DoubleSupplier value) {
            if (name == null || !CUSTOM_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a custom metric name is 1-128 of A-Z a-z 0-9 _ . -");
            }
            if (custom.size() >= MetricsDocument.MAX_CUSTOM || custom.containsKey(name)) {
                throw new IllegalArgumentException(
                        "at most " + MetricsDocument.MAX_CUSTOM + " custom metrics, each once: " + name);
            }
            custom.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Reports every {@code period} (at least a second); without it, only {@link #reportNow()} reports. */
        public Builder every(Duration period) {
            if (period == null || period.toMillis() < 1_000) {
                throw new IllegalArgumentException("report at most once a second");
            }
            this.every = period;
            return this;
        }

        /** The first scheduled report after {@code delay} instead of one period (spreads a fleet's reports). */
        public Builder firstReportAfter(Duration delay) {
            this.firstAfter = Objects.requireNonNull(delay, "delay");
            return this;
        }

        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Called with every reply, on the MQTT client's thread: must not block. */
        public Builder onReply(Consumer<ReportReply> handler) {
            this.onReply = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Runs on {@code shared} (not shut down on close) instead of a thread of its own: for many devices. */
        public Builder executor(ScheduledExecutorService shared) {
            this.executor = Objects.requireNonNull(shared, "shared");
            return this;
        }

        public DeviceMetricsReporter start() {
            return new DeviceMetricsReporter(channel, this).start();
        }
    }
}
