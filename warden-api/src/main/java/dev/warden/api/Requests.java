package dev.warden.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.RevocationReason;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading request bodies strictly: wrong types and missing fields get a 400 naming the field. */
public final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    public static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("MALFORMED_JSON", "the request body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the request body is not valid JSON");
        }
    }

    public static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("MISSING_FIELD", "field '" + field + "' is required");
        }
        return value;
    }

    public static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be a string");
        }
        return node.asText();
    }

    public static Integer optionalInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be an integer");
        }
        return node.asInt();
    }

    public static boolean optionalBoolean(JsonNode body, String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    public static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode node = body.get(field);
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be an object of strings");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual()) {
                throw ApiException.badRequest(
                        "INVALID_FIELD", "field '" + field + "." + entry.getKey() + "' must be a string");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    /** A CSR given as PEM text in a JSON field. */
    public static byte[] csr(JsonNode body) {
        String csr = optionalText(body, "csr");
        if (csr == null || csr.isBlank()) {
            throw ApiException.badRequest("CSR_MISSING", "field 'csr' (PEM) is required");
        }
        return csr.getBytes(StandardCharsets.US_ASCII);
    }

    public static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 1 || limit > 1000) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_LIMIT", "limit must be between 1 and 1000");
        }
    }

    /** An optional ISO-8601 instant as UTC epoch nanoseconds (the audit trail's time unit); null when absent. */
    public static Long instantNanos(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            java.time.Instant t = java.time.Instant.parse(raw);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(
                    "INVALID_FIELD", name + " must be an ISO-8601 instant, e.g. 2026-11-29T10:00:00Z");
        }
    }

    /** The optional {@code reason} of a revocation; {@code UNSPECIFIED} when absent. */
    public static RevocationReason revocationReason(JsonNode body) {
        String raw = optionalText(body, "reason");
        if (raw == null) {
            return RevocationReason.UNSPECIFIED;
        }
        try {
            return RevocationReason.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_REASON", e.getMessage());
        }
    }
}
