package dev.warden.incident.playbook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document read token by token into a small tree that remembers the line of every key and value, so
 * that a refusal can say where the mistake is. Duplicate keys are refused here (YAML and JSON parsers keep the last).
 */
final class SourceTree {
    private static final int MAX_DEPTH = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 2)
                    .build())
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 2)
                    .build())
            .build();

    private SourceTree() {}

    /** A node of the tree: a mapping, a sequence or a scalar (its text; null for YAML's null). */
    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        String describe();
    }

    /** One key of a mapping, with the line the key is on. */
    record Entry(String key, int line, Node value) {}

    record MapNode(int line, Map<String, Entry> entries) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    record Scalar(int line, String text) implements Node {
        @Override
        public String describe() {
            return text == null ? "null" : "a value";
        }
    }

    /** Reads {@code text}: JSON when it starts with '{', YAML otherwise. */
    static Node read(String text) {
        boolean json = text.stripLeading().startsWith("{");
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IncidentException(IncidentReason.INVALID_PLAYBOOK, "line 1: the playbook is empty");
            }
            Node root = node(p, 0);
            if (p.nextToken() != null) {
                throw error(p.currentTokenLocation(), "only one document is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw error(at, "syntax error: " + message);
        } catch (IOException e) {
            throw new IncidentException(IncidentReason.INVALID_PLAYBOOK, "the playbook cannot be read");
        }
    }

    private static Node node(JsonParser p, int depth) throws IOException {
        int line = line(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw error(p.currentTokenLocation(), "nested too deeply");
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p.currentTokenLocation());
                if (entries.containsKey(key)) {
                    throw new IncidentException(
                            IncidentReason.INVALID_PLAYBOOK, "line " + keyLine + ": duplicate field \"" + key + "\"");
                }
                p.nextToken();
                entries.put(key, new Entry(key, keyLine, node(p, depth + 1)));
            }
            return new MapNode(line, entries);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p, depth + 1));
            }
            return new ListNode(line, items);
        }
        return new Scalar(line, t == JsonToken.VALUE_NULL ? null : p.getText());
    }

    static int line(JsonLocation at) {
        return at == null ? 1 : Math.max(1, at.getLineNr());
    }

    private static IncidentException error(JsonLocation at, String message) {
        return new IncidentException(IncidentReason.INVALID_PLAYBOOK, "line " + line(at) + ": " + message);
    }
}
