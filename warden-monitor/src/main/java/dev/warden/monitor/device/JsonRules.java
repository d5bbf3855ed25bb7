package dev.warden.monitor.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON Schema rules the metrics parser applies by hand, with JSON Schema's meaning: an "integer" is any number
 * with no fractional part ({@code 2.0} is one), bounds are exact (numbers arrive as {@link BigDecimal}), and every
 * refusal names the path of the offending value.
 */
final class JsonRules {
    private JsonRules() {}

    /** {@code node} is an object with every {@code required} field and no field outside {@code allowed} (path "": the root). */
    static JsonNode object(JsonNode node, String path, Set<String> allowed, List<String> required) {
        String where = path.isEmpty() ? "the document" : path;
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw invalid(where + " has an unknown field " + quote(field));
            }
        }
        for (String field : required) {
            if (!node.has(field)) {
                throw invalid((path.isEmpty() ? "" : path + ".") + field + " is missing");
            }
        }
        return node;
    }

    static JsonNode array(JsonNode node, String path, int maxItems, String what) {
        if (node == null || !node.isArray()) {
            throw invalid(path + " must be an array");
        }
        if (node.size() > maxItems) {
            throw new MonitorException(
                    MonitorReason.DEVICE_METRICS_TOO_LARGE, path + " lists at most " + maxItems + " " + what);
        }
        return node;
    }

    /** An integer in {@code [min, max]}. */
    static long integer(JsonNode node, String path, long min, long max) {
        BigDecimal v = number(node, path);
        if (v.stripTrailingZeros().scale() > 0
                || v.compareTo(BigDecimal.valueOf(min)) < 0
                || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(path + " must be an integer from " + min + " to " + max);
        }
        return v.longValueExact();
    }

    static BigDecimal number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw invalid(path + " must be a number");
        }
        return node.decimalValue();
    }

    static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw invalid(path + " must be a string");
        }
        return node.textValue();
    }

    static MonitorException invalid(String message) {
        return new MonitorException(MonitorReason.INVALID_DEVICE_METRICS, message);
    }

    /** A device's string, quoted and cut short, for a message that goes back to it (and maybe to a log). */
    static String quote(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
