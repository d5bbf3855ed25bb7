package dev.warden.firmware.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.PublishListener;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices' boot attestation over MQTT. A device asks for a nonce on {@code $warden/things/<name>/attestation/nonce}
 * and gets {@code {"nonce", "expiresInSeconds"}} on {@code .../nonce/accepted}; it publishes its signed token (the
 * compact JWS, as the payload) on {@code .../attestation/report} and gets {@code {"verdict", "code", "message",
 * "version"}} on {@code .../report/accepted}, or {@code {"code", "message"}} on {@code .../report/rejected}. Replies
 * go to the asking client only.
 *
 * <p>{@link #onPublish} runs on the broker's thread and only matches and queues; the work runs on one
 * {@code mqtt-attestation} thread behind a bounded queue (full: refused with {@code THROTTLED}, never waited for). A
 * thing reaches only its own topics: the default policy allows no other, and another thing's topic is refused here
 * too.
 */
public final class AttestationOverMqtt implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttestationOverMqtt.class);
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/attestation/(nonce|report)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AttestationService service;
    private final AttestingDevices devices;
    private final AttestationListener listener;
    private final ThreadPoolExecutor worker;
    private volatile Replies replies = Replies.NONE;

    /** Where replies go: the gateway in a node, a recorder in tests. */
    @FunctionalInterface
    public interface Replies {
        Replies NONE = (clientId, topic, payload) -> {};

        void toClient(String clientId, String topic, byte[] payload);
    }

    /** @param listener told of every verdict (the node audits it and hands failures to monitoring) */
    public AttestationOverMqtt(
            AttestationService service, AttestingDevices devices, AttestationListener listener, int queueCapacity) {
        this.service = service;
        this.devices = devices;
        this.listener = listener;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "mqtt-attestation");
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
            reply(publish, false, error("THROTTLED", "too many attestation requests queued; ask again later"));
        }
    }

    private void answer(AcceptedPublish publish, String topicThing, String verb) {
        String thing = publish.identity().thingName();
        try {
            if (!thing.equals(topicThing)) {
                reply(publish, false, error("ACCESS_DENIED", "a thing attests only its own boots"));
            } else if ("nonce".equals(verb)) {
                IssuedNonce nonce = service.issueNonce(thing);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("nonce", nonce.value());
                body.put("expiresInSeconds", AttestationService.NONCE_LIFETIME.toSeconds());
                reply(publish, true, body);
            } else {
                report(publish, thing);
            }
        } catch (RuntimeException e) {
            LOG.error("an attestation request of {} failed", thing, e);
            reply(publish, false, error("INTERNAL", "internal error"));
        }
    }

    private void report(AcceptedPublish publish, String thing) {
        Optional<AttestingDevices.Device> device = devices.find(publish.identity());
        if (device.isEmpty()) {
            reply(publish, false, error("UNKNOWN_DEVICE", "the certificate this device connected with is not known"));
            return;
        }
        String jws = new String(publish.payload(), StandardCharsets.US_ASCII);
        AttestationResult result =
                service.verify(thing, device.get().thingType(), device.get().publicKey(), jws);
        try {
            listener.attested(publish.identity(), result);
        } catch (RuntimeException e) {
            // The verdict is stored; the device still gets it.
            LOG.error("the attestation listener failed for {}", thing, e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verdict", result.accepted() ? "VERIFIED" : "FAILED");
        body.put("code", result.reason().name());
        body.put("message", result.message());
        if (result.version() != null) {
            body.put("version", result.version());
        }
        reply(publish, result.accepted(), body);
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }

    private void reply(AcceptedPublish request, boolean ok, Map<String, ?> body) {
        try {
            replies.toClient(
                    request.clientId(),
                    request.topic() + (ok ? "/accepted" : "/rejected"),
                    JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // Called from the broker's thread when throttled: a failed reply must not escape into routing.
            LOG.warn("attestation reply to {} failed: {}", request.clientId(), e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
