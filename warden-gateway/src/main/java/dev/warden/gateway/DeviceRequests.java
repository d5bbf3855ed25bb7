package dev.warden.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform's request topics of a device share ({@code $warden/things/<name>/...}: jobs, attestation,
 * end-to-end keys): a request is matched on the broker's thread and only queued; the work runs on one thread of the
 * capability's own behind a bounded queue (full: refused with {@code THROTTLED}, never waited for); a thing asks on
 * its own topics only (the topic's first group is the thing name); the answer, JSON, goes to the asking client alone
 * on the request's topic with {@code /accepted} or {@code /rejected}. Nothing here throws to the broker.
 */
public final class DeviceRequests implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers one request, on the worker thread: {@code topic} is the match of the request's topic. */
    @FunctionalInterface
    public interface Handler {
        void handle(AcceptedPublish request, Matcher topic);
    }

    /** Where answers and notifications go: the gateway in a node, a recorder in tests. */
    @FunctionalInterface
    public interface Replies {
        Replies NONE = (clientId, topic, payload) -> {};

        void toClient(String clientId, String topic, byte[] payload);
    }

    private final Pattern topic;
    private final Handler handler;
    private final String what;
    private final ThreadPoolExecutor worker;
    private volatile Replies replies = Replies.NONE;

    /**
     * @param topic whose first group is the thing name
     * @param what  what the requests are about, for refusals and logs ("job", "attestation"...)
     */
    public DeviceRequests(String threadName, Pattern topic, int queueCapacity, String what, Handler handler) {
        this.topic = topic;
        this.handler = handler;
        this.what = what;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void attach(Replies replies) {
        this.replies = replies;
    }

    @Override
    public void onPublish(AcceptedPublish request) {
        if (request.identity() == null || request.identity().isClaim()) {
            return;
        }
        Matcher m = topic.matcher(request.topic());
        if (!m.matches()) {
            return;
        }
        try {
            worker.execute(() -> run(request, m));
        } catch (RejectedExecutionException e) {
            reject(request, "THROTTLED", "too many " + what + " requests queued; ask again later");
        }
    }

    private void run(AcceptedPublish request, Matcher m) {
        try {
            if (!request.identity().thingName().equals(m.group(1))) {
                reject(request, "ACCESS_DENIED", "a thing asks on its own " + what + " topics only");
                return;
            }
            handler.handle(request, m);
        } catch (RuntimeException e) {
            LOG.error("a {} request of {} failed", what, request.identity().thingName(), e);
            reject(request, "INTERNAL", "internal error");
        }
    }

    /** Answers {@code request} on its {@code /accepted} topic. */
    public void accept(AcceptedPublish request, Object body) {
        send(request.clientId(), request.topic() + "/accepted", body);
    }

    /** Answers {@code request} on its {@code /rejected} topic with {@code {code, message}}. */
    public void reject(AcceptedPublish request, String code, String message) {
        reject(request, error(code, message));
    }

    /** Answers {@code request} on its {@code /rejected} topic with {@code body}. */
    public void reject(AcceptedPublish request, Object body) {
        send(request.clientId(), request.topic() + "/rejected", body);
    }

    /** {@code body} as JSON on {@code topic} to one client (a notification, say); a failure is logged, not thrown. */
    public void send(String clientId, String topic, Object body) {
        try {
            replies.toClient(clientId, topic, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // Called from the broker's thread when throttled: a failed reply must not escape into routing.
            LOG.warn("{} reply to {} failed: {}", what, clientId, e.toString());
        }
    }

    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
