package dev.warden.registry.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The fields of a provisioning request, as both the API and MQTT provisioning receive it (a JSON object). */
public final class ProvisioningRequests {
    /** Refusals of who asked (their claim, template or name), as opposed to errors in what they sent. */
    private static final Set<RegistryReason> DENIALS = EnumSet.of(
            RegistryReason.CLAIM_UNKNOWN,
            RegistryReason.CLAIM_TEMPLATE_MISMATCH,
            RegistryReason.TEMPLATE_DISABLED,
            RegistryReason.REGION_NOT_ALLOWED,
            RegistryReason.CLAIM_EXHAUSTED,
            RegistryReason.NOT_A_CLAIM,
            RegistryReason.CLAIM_INACTIVE,
            RegistryReason.NOT_A_DEVICE,
            RegistryReason.CERTIFICATE_NOT_ACTIVE,
            RegistryReason.UNTRUSTED_CERTIFICATE,
            RegistryReason.NOT_A_MANUFACTURER_CERTIFICATE,
            RegistryReason.HOOK_REJECTED,
            RegistryReason.UNAUTHENTICATED,
            RegistryReason.TEMPLATE_GONE,
            RegistryReason.THING_NAME_REFUSED);

    private ProvisioningRequests() {}

    /** Whether a refusal denies the requester (recorded as DENY) rather than reporting an error in the request. */
    public static boolean denial(RegistryReason reason) {
        return DENIALS.contains(reason);
    }

    /** A CSR given as PEM text in the field {@code csr}. */
    public static byte[] csr(JsonNode body) {
        JsonNode csr = body.get("csr");
        if (csr == null || !csr.isTextual() || csr.asText().isBlank()) {
            throw new RegistryException(RegistryReason.CSR_MISSING, "field 'csr' (PEM) is required");
        }
        return csr.asText().getBytes(StandardCharsets.US_ASCII);
    }

    /** An optional object of strings, e.g. a template's parameters. */
    public static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode node = body.get(field);
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new RegistryException(
                    RegistryReason.INVALID_FIELD, "field '" + field + "' must be an object of strings");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual()) {
                throw new RegistryException(
                        RegistryReason.INVALID_FIELD, "field '" + field + "." + entry.getKey() + "' must be a string");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }
}
