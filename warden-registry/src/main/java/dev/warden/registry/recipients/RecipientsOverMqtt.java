package dev.warden.registry.recipients;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.e2e.E2eException;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.PublishListener;
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
 * A device asks for a recipient's public keyset on {@code $warden/things/<name>/e2e/recipients/<recipient>/get} and
 * gets {@code {name, publicKeyset, primaryKeyId}} on {@code .../accepted}, or {@code {code, message}} on
 * {@code .../rejected}, delivered to that client only. Lookups run on one {@code mqtt-e2e} thread behind a bounded
 * queue, never on the broker's.
 */
public final class RecipientsOverMqtt implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecipientsOverMqtt.class);
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/e2e/recipients/([A-Za-z0-9_.-]{1,64})/get");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecipientDirectory directory;
    private final ThreadPoolExecutor worker;
    private volatile Replies replies = (client, topic, payload) -> {};

    /** Where replies go: the gateway in a node. */
    @FunctionalInterface
    public interface Replies {
        void toClient(String clientId, String topic, byte[] payload);
    }

    public RecipientsOverMqtt(RecipientDirectory directory) {
        this.directory = directory;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            Thread t = new Thread(r, "mqtt-e2e");
            t.setDaemon(true);
            return t;
        });
    }

    public void attach(Replies replies) {
        this.replies = replies;
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
            worker.execute(() -> answer(publish, m.group(1), m.group(2)));
        } catch (RejectedExecutionException e) {
            reply(publish, false, Map.of("code", "THROTTLED", "message", "too many requests queued; ask again later"));
        }
    }

    private void answer(AcceptedPublish publish, String topicThing, String name) {
        try {
            if (!publish.identity().thingName().equals(topicThing)) {
                reply(
                        publish,
                        false,
                        Map.of("code", "ACCESS_DENIED", "message", "a thing asks on its own topics only"));
                return;
            }
            directory
                    .find(name)
                    .ifPresentOrElse(
                            r -> {
                                Map<String, Object> body = new LinkedHashMap<>();
                                body.put("name", r.name());
                                body.put("publicKeyset", r.publicKeyset());
                                body.put("primaryKeyId", r.primaryKeyId());
                                reply(publish, true, body);
                            },
                            () -> reply(
                                    publish,
                                    false,
                                    Map.of("code", "NO_SUCH_RECIPIENT", "message", "no recipient " + name)));
        } catch (E2eException e) {
            reply(publish, false, Map.of("code", e.reason().name(), "message", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("a recipient request of {} failed", publish.identity().thingName(), e);
            reply(publish, false, Map.of("code", "INTERNAL", "message", "internal error"));
        }
    }

    private void reply(AcceptedPublish request, boolean ok, Map<String, ?> body) {
        try {
            replies.toClient(
                    request.clientId(),
                    request.topic() + (ok ? "/accepted" : "/rejected"),
                    JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            LOG.warn("recipient reply to {} failed: {}", request.clientId(), e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
