package dev.warden.firmware.attestation;

import dev.warden.gateway.AcceptedPublish;
import dev.warden.gateway.DeviceRequests;
import dev.warden.gateway.PublishListener;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * <p>As every platform request topic ({@link DeviceRequests}): one {@code mqtt-attestation} thread behind a bounded
 * queue, a thing's own topics only, the answer to the asking client alone.
 */
public final class AttestationOverMqtt implements PublishListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttestationOverMqtt.class);
    private static final Pattern TOPIC =
            Pattern.compile("\\$warden/things/([A-Za-z0-9_.:-]{1,128})/attestation/(nonce|report)");

    private final AttestationService service;
    private final AttestingDevices devices;
    private final AttestationListener listener;
    private final DeviceRequests requests;

    /** @param listener told of every verdict (the node audits it and hands failures to monitoring) */
    public AttestationOverMqtt(
            AttestationService service, AttestingDevices devices, AttestationListener listener, int queueCapacity) {
        this.service = service;
        this.devices = devices;
        this.listener = listener;
        this.requests = new DeviceRequests("mqtt-attestation", TOPIC, queueCapacity, "attestation", this::answer);
    }

    public void attach(DeviceRequests.Replies replies) {
        requests.attach(replies);
    }

    @Override
    public void onPublish(AcceptedPublish publish) {
        requests.onPublish(publish);
    }

    private void answer(AcceptedPublish publish, Matcher topic) {
        String thing = publish.identity().thingName();
        if ("nonce".equals(topic.group(2))) {
            IssuedNonce nonce = service.issueNonce(thing);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("nonce", nonce.value());
            body.put("expiresInSeconds", AttestationService.NONCE_LIFETIME.toSeconds());
            requests.accept(publish, body);
        } else {
            report(publish, thing);
        }
    }

    private void report(AcceptedPublish publish, String thing) {
        Optional<AttestingDevices.Device> device = devices.find(publish.identity());
        if (device.isEmpty()) {
            requests.reject(publish, "UNKNOWN_DEVICE", "the certificate this device connected with is not known");
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
        if (result.accepted()) {
            requests.accept(publish, body);
        } else {
            requests.reject(publish, body);
        }
    }

    @Override
    public void close() {
        requests.close();
    }
}
