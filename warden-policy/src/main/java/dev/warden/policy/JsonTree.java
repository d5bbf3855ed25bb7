package dev.warden.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal minimal JSON tree with source positions and JSON pointers, built from Jackson's streaming parser so that
 * duplicate keys and nesting depth are detected before anything large is built.
 */
final class JsonTree {
    private JsonTree() {}

    enum Kind {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    static final class Node {
        final Kind kind;
        final int line;
        final int column;
        final String pointer;
        final String text;
        final Map<String, Node> fields;
        final List<Node> items;

        Node(Kind kind, int line, int column, String pointer, String text, Map<String, Node> fields, List<Node> items) {
            this.kind = kind;
            this.line = line;
            this.column = column;
            this.pointer = pointer;
            this.text = text;
            this.fields = fields;
            this.items = items;
        }

        boolean isScalar() {
            return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
        }

        String typeName() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(PolicyParser.MAX_DEPTH + 8)
                    .maxNumberLength(200)
                    .maxStringLength(PolicyParser.MAX_JSON_BYTES + 16)
                    .build())
            .build();

    static Node parse(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new PolicyValidationException(PolicyValidationReason.MALFORMED_JSON, 1, 1, "", "empty document");
            }
            Node root = read(p, t, "", 1);
            JsonToken extra;
            try {
                extra = p.nextToken();
            } catch (JsonProcessingException e) {
                extra = JsonToken.NOT_AVAILABLE;
            }
            if (extra != null) {
                JsonLocation loc = p.currentTokenLocation();
                throw new PolicyValidationException(
                        PolicyValidationReason.MALFORMED_JSON,
                        loc.getLineNr(),
                        loc.getColumnNr(),
                        "",
                        "trailing content after the JSON document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            throw new PolicyValidationException(
                    PolicyValidationReason.MALFORMED_JSON,
                    loc == null ? 0 : loc.getLineNr(),
                    loc == null ? 0 : loc.getColumnNr(),
                    null,
                    msg == null ? "malformed JSON" : firstLine(msg));
        } catch (IOException e) {
            throw new PolicyValidationException(PolicyValidationReason.MALFORMED_JSON, 0, 0, null, "unreadable JSON");
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String r = nl < 0 ? s : s.substring(0, nl);
        return r.length() > 200 ? r.substring(0, 200) + "..." : r;
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static Node read(JsonParser p, JsonToken t, String pointer, int depth) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT:
                checkDepth(depth, line, col, pointer);
                return readObject(p, pointer, depth, line, col);
            case START_ARRAY:
                checkDepth(depth, line, col, pointer);
                return readArray(p, pointer, depth, line, col);
            case VALUE_STRING:
                return new Node(Kind.STRING, line, col, pointer, p.getText(), null, null);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Node(Kind.NUMBER, line, col, pointer, p.getText(), null, null);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(Kind.BOOLEAN, line, col, pointer, p.getText(), null, null);
            case VALUE_NULL:
                return new Node(Kind.NULL, line, col, pointer, null, null, null);
            default:
                throw new PolicyValidationException(
                        PolicyValidationReason.MALFORMED_JSON, line, col, pointer, "unexpected token " + t);
        }
    }

    private static void checkDepth(int depth, int line, int col, String pointer) {
        if (depth > PolicyParser.MAX_DEPTH) {
            throw new PolicyValidationException(
                    PolicyValidationReason.NESTING_TOO_DEEP,
                    line,
                    col,
                    pointer,
                    "JSON nested deeper than " + PolicyParser.MAX_DEPTH + " levels");
        }
    }

    private static Node readObject(JsonParser p, String pointer, int depth, int line, int col) throws IOException {
        Map<String, Node> fields = new LinkedHashMap<>();
        JsonToken n;
        while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonLocation fl = p.currentTokenLocation();
            String childPtr = pointer + "/" + escape(name);
            if (fields.containsKey(name)) {
                throw new PolicyValidationException(
                        PolicyValidationReason.DUPLICATE_KEY,
                        fl.getLineNr(),
                        fl.getColumnNr(),
                        childPtr,
                        "duplicate key \"" + name + "\"");
            }
            JsonToken v = p.nextToken();
            fields.put(name, read(p, v, childPtr, depth + 1));
        }
        if (n != JsonToken.END_OBJECT) {
            throw new PolicyValidationException(
                    PolicyValidationReason.MALFORMED_JSON, line, col, pointer, "unterminated object");
        }
        return new Node(Kind.OBJECT, line, col, pointer, null, fields, null);
    }

    private static Node readArray(JsonParser p, String pointer, int depth, int line, int col) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == null) {
                throw new PolicyValidationException(
                        PolicyValidationReason.MALFORMED_JSON, line, col, pointer, "unterminated array");
            }
            items.add(read(p, n, pointer + "/" + items.size(), depth + 1));
        }
        return new Node(Kind.ARRAY, line, col, pointer, null, null, items);
    }
}
