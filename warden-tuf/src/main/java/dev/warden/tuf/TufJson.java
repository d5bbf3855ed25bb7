package dev.warden.tuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict reading of metadata JSON: parsing is tolerant of fields it does not know (the specification lets metadata
 * grow) and strict on the types of the fields it does.
 *
 * <p>Duplicate keys are refused, because two parsers that keep different copies of a key would see different
 * metadata under one signature; so is anything after the top-level value. Integers that are versions, lengths or
 * thresholds must be at most 2^53 - 1, the largest integer a JavaScript verifier such as tuf-js reads exactly.
 */
final class TufJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SPEC_VERSION = Pattern.compile("1\\.\\d+(\\.\\d+)?");

    private TufJson() {}

    static JsonMapper mapper() {
        return MAPPER;
    }

    static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw malformed(what, "is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TufException(TufReason.MALFORMED, what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TufException(TufReason.MALFORMED, what + " cannot be read", e);
        }
    }

    static TufException malformed(String what, String problem) {
        return new TufException(TufReason.MALFORMED, what + " " + problem);
    }

    static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw malformed(what, "must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static ObjectNode objectField(JsonNode parent, String field, String what) {
        return object(parent.get(field), what + "." + field);
    }

    static String string(JsonNode parent, String field, String what) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(what + "." + field, "must be a string");
        }
        return value.textValue();
    }

    static boolean bool(JsonNode parent, String field, String what) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isBoolean()) {
            throw malformed(what + "." + field, "must be a boolean");
        }
        return value.booleanValue();
    }

    /** A JSON integer in [min, 2^53 - 1]. */
    static long integer(JsonNode parent, String field, long min, String what) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw malformed(what + "." + field, "must be an integer");
        }
        return checkRange(value.longValue(), min, what + "." + field);
    }

    static long checkRange(long value, long min, String what) {
        if (value < min || value > MAX_SAFE_INTEGER) {
            throw malformed(what, "must be between " + min + " and 2^53 - 1, not " + value);
        }
        return value;
    }

    static List<String> strings(JsonNode parent, String field, String what) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isArray()) {
            throw malformed(what + "." + field, "must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw malformed(what + "." + field, "must be an array of strings");
            }
            result.add(item.textValue());
        }
        return result;
    }

    static Map<String, String> stringMap(JsonNode node, String what) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object(node, what).properties()) {
            if (!entry.getValue().isTextual()) {
                throw malformed(what + "." + entry.getKey(), "must be a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode stringObject(Map<String, String> values) {
        ObjectNode object = NODES.objectNode();
        values.forEach(object::put);
        return object;
    }

    /** Expiry as the specification writes it, {@code YYYY-MM-DDTHH:MM:SSZ}, and nothing else. */
    static Instant expires(JsonNode parent, String what) {
        String text = string(parent, "expires", what);
        if (!DATE_TIME.matcher(text).matches()) {
            throw malformed(what + ".expires", "must be YYYY-MM-DDTHH:MM:SSZ");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(what + ".expires", "is not a valid date-time");
        }
    }

    static String formatExpires(Instant expires) {
        return EXPIRES.format(expires.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Accepts any 1.x or 1.x.y, as tuf-js and python-tuf do: a new minor version does not change the format. */
    static String specVersion(JsonNode signed, String what) {
        String version = string(signed, "spec_version", what);
        if (!SPEC_VERSION.matcher(version).matches()) {
            throw malformed(what + ".spec_version", "is not a supported version (1.x)");
        }
        return version;
    }

    /** A value from untrusted metadata, made safe for a message: quoted, control characters escaped, shortened. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(value.codePointCount(0, value.length()) > 80 ? "...'" : "'")
                .toString();
    }

    static void requireType(JsonNode signed, String type, String what) {
        String actual = string(signed, "_type", what);
        if (!actual.equals(type)) {
            throw malformed(what, "has _type " + quote(actual) + ", expected '" + type + "'");
        }
    }
}
