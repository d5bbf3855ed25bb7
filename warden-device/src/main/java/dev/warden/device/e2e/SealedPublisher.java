package dev.warden.device.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceMessage;
import dev.warden.device.Qos;
import dev.warden.e2e.PayloadSealer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes payloads sealed to one recipient: each gets a message id of its own ({@code <thing>-<boot>-<n>}, unique
 * across restarts through the boot part), bound into the seal with the topic. The recipient's public keyset comes from
 * the node ({@code $warden/things/<thing>/e2e/recipients/<name>/get}); {@link #refresh} fetches it again after the
 * application rotated its keys.
 */
public final class SealedPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceClient client;
    private final String recipient;
    private final Duration timeout;
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private volatile PayloadSealer sealer;

    private SealedPublisher(DeviceClient client, String recipient, Duration timeout) {
        this.client = client;
        this.recipient = recipient;
        this.timeout = timeout;
        this.idPrefix = client.thingName() + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    }

    /** A publisher sealing to {@code recipient}, whose public keyset it fetches now. */
    public static SealedPublisher fetch(DeviceClient client, String recipient, Duration timeout) {
        SealedPublisher publisher = new SealedPublisher(client, recipient, timeout);
        publisher.refresh();
        return publisher;
    }

    /** Fetches the recipient's current public keyset from the node. */
    public void refresh() {
        String topic = "$warden/things/" + client.thingName() + "/e2e/recipients/" + recipient + "/get";
        CompletableFuture<DeviceMessage> reply = new CompletableFuture<>();
        try {
            client.subscribe(topic + "/+", Qos.AT_LEAST_ONCE, reply::complete)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            client.publish(topic, new byte[0], Qos.AT_LEAST_ONCE).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            DeviceMessage message = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode body = JSON.readTree(message.payload());
            if (!message.topic().endsWith("/accepted")) {
                throw new IllegalStateException("the node has no key for recipient " + recipient + ": "
                        + body.path("code").asText());
            }
            sealer = PayloadSealer.of(body.path("publicKeyset").asText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted fetching the key of " + recipient, e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException("no key for recipient " + recipient + " within " + timeout, e);
        }
    }

    /** Seals {@code payload} for {@code topic} and publishes it; returns the message id it was sealed under. */
    public String publish(String topic, byte[] payload, Qos qos) {
        String messageId = idPrefix + sequence.incrementAndGet();
        client.publish(topic, sealer.seal(topic, messageId, payload), qos).join();
        return messageId;
    }

    /** The recipient key payloads are sealed to now. */
    public int keyId() {
        return sealer.keyId();
    }
}
