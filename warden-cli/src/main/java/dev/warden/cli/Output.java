package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** Printing for people (aligned columns) or for programs ({@code --json}). */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException("cannot print JSON");
        }
    }

    /** A list answer: the whole JSON with {@code --json}, else a table of its {@code field} array. */
    static void listing(PrintWriter out, boolean json, JsonNode answer, String field, String... columns) {
        if (json) {
            json(out, answer);
        } else {
            table(out, answer.path(field), columns);
        }
    }

    static void table(PrintWriter out, JsonNode items, String... columns) {
        int[] widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            widths[i] = columns[i].length();
        }
        for (JsonNode item : items) {
            for (int i = 0; i < columns.length; i++) {
                widths[i] = Math.max(widths[i], text(item, columns[i]).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            header.append(String.format("%-" + (widths[i] + 2) + "s", columns[i].toUpperCase(java.util.Locale.ROOT)));
        }
        out.println(header.toString().stripTrailing());
        for (JsonNode item : items) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < columns.length; i++) {
                row.append(String.format("%-" + (widths[i] + 2) + "s", text(item, columns[i])));
            }
            out.println(row.toString().stripTrailing());
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode node = item.path(field);
        return node.isMissingNode() || node.isNull() ? "-" : node.isValueNode() ? node.asText() : node.toString();
    }
}
