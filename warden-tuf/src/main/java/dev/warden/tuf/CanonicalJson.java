package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON, the form TUF signs and hashes: the dialect of securesystemslib's {@code encode_canonical} and
 * of {@code @tufjs/canonical-json}.
 *
 * <p>Object keys sorted, no whitespace, strings written raw in UTF-8 with only {@code \} and {@code "} escaped
 * (a newline stays a newline byte), integers only, and {@code true}, {@code false}, {@code null}. The output is what a
 * signature covers, not a JSON file: a raw control character in a string is not valid JSON, which is why the files
 * themselves are written by {@link MetadataWriter} with ordinary escaping.
 *
 * <p>Refused, as {@link TufReason#MALFORMED}: numbers with a fraction or exponent (the dialect has no floats), strings
 * with an unpaired surrogate (Python refuses to encode them and JavaScript replaces them, so no two verifiers would
 * agree on the bytes), and objects whose key order would differ between securesystemslib (code points) and tuf-js
 * (UTF-16 units), which only happens when keys of one object mix characters above U+FFFF with ones in
 * U+E000..U+FFFF: such metadata could verify in one client and not in the other.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /** The canonical bytes of {@code node}. */
    public static byte[] encode(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> writeArray(node, out);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeInteger(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new TufException(TufReason.MALFORMED, "canonical JSON has no " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            keys.add(field.getKey());
        }
        keys.sort(CanonicalJson::compareCodePoints);
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i - 1).compareTo(keys.get(i)) > 0) {
                throw new TufException(
                        TufReason.MALFORMED, "object keys sort differently by code point and by UTF-16 unit");
            }
        }
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(keys.get(i), out);
            out.append(':');
            write(node.get(keys.get(i)), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(node.get(i), out);
        }
        out.append(']');
    }

    private static void writeInteger(JsonNode node, StringBuilder out) {
        if (!node.isIntegralNumber()) {
            throw new TufException(TufReason.MALFORMED, "canonical JSON has no floating-point numbers");
        }
        out.append(node.bigIntegerValue());
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new TufException(TufReason.MALFORMED, "string with an unpaired surrogate");
            }
            if (c == '\\' || c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Python's order for str keys (securesystemslib sorts with {@code sorted}). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
