package dev.warden.monitor.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.PublishListener;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Observation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-side metrics over MQTT, as AWS IoT Device Defender's: a device publishes its metrics document on
 * {@code $warden/things/<thingName>/defender/metrics/json} and gets {@code {"report_id"}} on {@code .../accepted}
 * or {@code {"report_id"?, "code", "message"}} on {@code .../rejected}, delivered to that client only. An accepted
 * report becomes observations of the thing for the monitor.
 *
 * <p>Threads: {@link #onPublish} runs on the broker's thread and only matches the topic and queues; parsing,
 * checking and replying run on one {@code mqtt-device-metrics} thread (one, so that a thing's reports are judged in
 * the order they arrived), behind a bounded queue: when it is full the report is refused with {@code THROTTLED},
 * never waited for. A thing reports only its own metrics: the default policy allows no other topic, and a report
 * on another thing's topic (a custom policy that allows it) is refused here as well. Nothing here throws to the
 * broker, and a bad document costs only its own rejection.
 */
public final class DeviceMetricsListener implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceMetricsListener.class);
    /** Thing names as the registry allows them. */
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/defender/metrics/json");

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String THROTTLED = "THROTTLED";

    private final ObservationSink sink;
    private final ReportSequence sequence;
    private final ThreadPoolExecutor worker;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile Replies replies = Replies.NONE;

    /** Where replies go: the gateway in a node, a recorder in tests. */
    @FunctionalInterface
    public interface Replies {
        Replies NONE = (clientId, topic, payload) -> {};

        void publishToClient(String clientId, String topic, byte[] payload);
    }

    /** @param queueCapacity reports waiting to be judged before new ones are refused with {@code THROTTLED} */
    public DeviceMetricsListener(ObservationSink sink, int queueCapacity, int thingsRemembered) {
        this.sink = sink;
        this.sequence = new ReportSequence(thingsRemembered);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "mqtt-device-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /** 1,000 reports queued, report ids remembered for 1,000,000 things. */
    public DeviceMetricsListener(ObservationSink sink) {
        this(sink, 1_000, 1_000_000);
    }

    /** The gateway that carries the replies (it is built after this listener). */
    public void attach(MqttGateway gateway) {
        this.replies = gateway::publishToClient;
    }

    public void attach(Replies r) {
        this.replies = r;
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        if (publish.identity() == null || publish.identity().isClaim()) {
            return;
        }
        Matcher m = TOPIC.matcher(publish.topic());
        if (!m.matches()) {
            return;
        }
        try {
            worker.execute(() -> judge(publish, m.group(1)));
        } catch (RejectedExecutionException e) {
            reject(publish, OptionalLong.empty(), THROTTLED, "too many metrics reports queued; report again later");
        }
    }

    private void judge(AcceptedPublish publish, String topicThing) {
        try {
            String thing = publish.identity().thingName();
            if (!thing.equals(topicThing)) {
                throw new MonitorException(
                        MonitorReason.INVALID_DEVICE_METRICS, "a thing reports only its own metrics, on its own topic");
            }
            DeviceMetricsReport report = DeviceMetricsParser.parse(publish.payload());
            sequence.admit(thing, report.reportId());
            for (Observation o : DeviceMetricsObservations.of(thing, report, publish.receivedAtMillis())) {
                sink.accept(o);
            }
            accepted.incrementAndGet();
            reply(publish, true, Map.of("report_id", report.reportId()));
        } catch (MonitorException e) {
            reject(publish, DeviceMetricsParser.reportIdOf(publish.payload()), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error(
                    "judging a metrics report of {} failed", publish.identity().thingName(), e);
            reject(publish, OptionalLong.empty(), "INTERNAL", "internal error");
        }
    }

    private void reject(AcceptedPublish publish, OptionalLong reportId, String code, String message) {
        rejected.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        reportId.ifPresent(id -> body.put("report_id", id));
        body.put("code", code);
        body.put("message", message);
        LOG.debug("metrics report of {} rejected: {} {}", publish.identity().thingName(), code, message);
        reply(publish, false, body);
    }

    private void reply(AcceptedPublish request, boolean ok, Map<String, ?> body) {
        try {
            replies.publishToClient(
                    request.clientId(),
                    request.topic() + (ok ? "/accepted" : "/rejected"),
                    JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // Called from the broker's thread when throttled: a failed reply must not escape into routing.
            LOG.warn("reply to {} failed: {}", request.clientId(), e.toString());
        }
    }

    /** Reports accepted and handed to the monitor. */
    public long accepted() {
        return accepted.get();
    }

    /** Reports refused: invalid, too large, replayed, not the thing's own, or throttled. */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
