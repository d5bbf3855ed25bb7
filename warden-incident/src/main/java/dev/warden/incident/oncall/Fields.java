package dev.warden.incident.oncall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One object of a schedule or policy document, read strictly: each field is asked for by name and type, and a field
 * nobody asked for is refused ({@link #done}), so a misspelt {@code hanoff} is an error instead of a silent default.
 * Every error names the field's path ({@code rotations[1].handoff}) and never echoes a value.
 */
final class Fields {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new java.util.HashSet<>();

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Fields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path.isEmpty() ? "the document" : path, "must be an object");
        }
        return new Fields(node, path);
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    Optional<String> optionalText(String field) {
        read.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(path(field), "must be a non-empty string");
        }
        return Optional.of(v.asText().trim());
    }

    String text(String field) {
        return optionalText(field).orElseThrow(() -> invalid(path(field), "is required"));
    }

    <T> Optional<T> optional(String field, Function<String, T> parse, String expected) {
        return optionalText(field).map(s -> {
            try {
                return parse.apply(s);
            } catch (RuntimeException e) {
                throw invalid(path(field), "must be " + expected);
            }
        });
    }

    <T> T required(String field, Function<String, T> parse, String expected) {
        return optional(field, parse, expected).orElseThrow(() -> invalid(path(field), "is required"));
    }

    /** The objects of an array field (empty when absent), each read with {@code each}; at most {@code max}. */
    <T> List<T> objects(String field, int max, java.util.function.BiFunction<Fields, Integer, T> each) {
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : array(field, max)) {
            Fields f = Fields.of(item, path(field) + "[" + i + "]");
            out.add(each.apply(f, i));
            f.done();
            i++;
        }
        return out;
    }

    List<String> texts(String field, int max) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : array(field, max)) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw invalid(path(field) + "[" + i + "]", "must be a non-empty string");
            }
            out.add(item.asText().trim());
            i++;
        }
        return out;
    }

    private List<JsonNode> array(String field, int max) {
        read.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(path(field), "must be a list");
        }
        if (v.size() > max) {
            throw invalid(path(field), "holds at most " + max + " entries");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** Refuses any field that was not read. */
    void done() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw invalid(path(name), "is not a known field");
            }
        }
    }

    static IncidentException invalid(String where, String why) {
        return new IncidentException(IncidentReason.INVALID_SCHEDULE, where + ": " + why);
    }
}
