package dev.warden.registry.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.store.ProvisioningTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The template's pre-provisioning check. ALLOWLIST: the device's SerialNumber parameter must be listed. WEBHOOK: the
 * URL receives {@code {"templateName", "thingName", "parameters"}} and must answer 200 with
 * {@code {"allowProvisioning": true}} within 5 s (AWS IoT's hook contract). Anything else — a timeout, an error, a
 * malformed answer — refuses.
 */
public final class PreProvisioningHook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public void approve(ProvisioningTemplate template, String thingName, Map<String, String> parameters) {
        switch (template.hookType()) {
            case NONE -> {}
            case ALLOWLIST -> {
                String serial = parameters.get("SerialNumber");
                boolean listed = serial != null
                        && Arrays.stream(template.hookConfig().split(","))
                                .map(String::trim)
                                .anyMatch(serial::equals);
                if (!listed) {
                    throw new RegistryException(
                            RegistryReason.HOOK_REJECTED,
                            "the device serial number is not on the template's allowlist");
                }
            }
            case WEBHOOK -> callWebhook(template, thingName, parameters);
        }
    }

    private void callWebhook(ProvisioningTemplate template, String thingName, Map<String, String> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("templateName", template.name());
        body.put("thingName", thingName);
        body.put("parameters", parameters);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(template.hookConfig()))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (answer != null
                    && answer.path("allowProvisioning").isBoolean()
                    && answer.path("allowProvisioning").asBoolean()) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // fall through: an unreachable or broken hook refuses
        }
        throw new RegistryException(
                RegistryReason.HOOK_REJECTED, "the pre-provisioning hook did not approve this device");
    }
}
