package dev.warden.device.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceMessage;
import dev.warden.device.Qos;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the firmware jobs the node sends a device, one at a time: told of a job ({@code notify}), it asks for it,
 * reports IN_PROGRESS, fetches and verifies the update ({@link FirmwareUpdater}), hands the verified image to the
 * device's installer, and reports SUCCEEDED with the version, or REJECTED (the update failed verification: tampered,
 * unsigned, a rollback, other hardware) or FAILED (the repository could not be reached, the installer failed) with
 * the reason. Messages are handled on one thread of the agent's own, never on the MQTT client's.
 */
public final class JobAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceClient client;
    private final FirmwareUpdater updater;
    private final Consumer<VerifiedImage> installer;
    private final String prefix;
    private final ExecutorService worker;

    /** @param installer writes a verified image where the device boots from (throws when it cannot) */
    public JobAgent(DeviceClient client, FirmwareUpdater updater, Consumer<VerifiedImage> installer) {
        this.client = client;
        this.updater = updater;
        this.installer = installer;
        this.prefix = "$warden/things/" + client.thingName() + "/jobs/";
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-job-agent");
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes to the device's jobs topics and asks for what is pending already. */
    public JobAgent start() {
        client.subscribe(prefix + "#", Qos.AT_LEAST_ONCE, message -> worker.execute(() -> handle(message)))
                .join();
        send("get", Map.of());
        return this;
    }

    private void handle(DeviceMessage message) {
        try {
            String topic = message.topic().substring(prefix.length());
            JsonNode body = JSON.readTree(message.payload());
            if (topic.equals("notify") || topic.equals("get/accepted")) {
                JsonNode next = body.has("jobs") ? body.get("jobs") : body;
                JsonNode queued = next.path("queuedJobs");
                if (queued.size() > 0) {
                    send(queued.get(0).path("jobId").asText() + "/get", Map.of());
                }
            } else if (topic.endsWith("/get/accepted")) {
                run(body.path("execution"));
            } else if (topic.endsWith("/rejected")) {
                LOG.warn(
                        "the node refused a job request ({}): {}",
                        topic,
                        body.path("message").asText());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("a job message on {} could not be handled: {}", message.topic(), e.toString());
        }
    }

    private void run(JsonNode execution) {
        String job = execution.path("jobId").asText();
        if (!"QUEUED".equals(execution.path("status").asText())) {
            return;
        }
        JsonNode doc = execution.path("jobDocument");
        update(job, "IN_PROGRESS", Map.of("step", "verifying"));
        try {
            VerifiedImage image = updater.fetch(
                    URI.create(doc.path("metadata").asText()),
                    URI.create(doc.path("images").asText()),
                    doc.path("target").asText());
            installer.accept(image);
            updater.installed(image);
            update(job, "SUCCEEDED", Map.of("version", image.version().text()));
        } catch (UpdateRefusedException e) {
            String outcome = e.reason() == UpdateRefusal.UNREACHABLE ? "FAILED" : "REJECTED";
            update(job, outcome, Map.of("reason", e.reason().name(), "message", truncate(e.getMessage())));
        } catch (RuntimeException e) {
            update(job, "FAILED", Map.of("reason", "INSTALL_FAILED", "message", truncate(e.toString())));
        }
    }

    private void update(String job, String status, Map<String, String> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("statusDetails", details);
        send(job + "/update", body);
    }

    private void send(String suffix, Object body) {
        try {
            client.publish(prefix + suffix, JSON.writeValueAsBytes(body), Qos.AT_LEAST_ONCE)
                    .join();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
