package dev.warden.console.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's request context as the operator types it: one {@code key=value} a line, a key repeated for a
 * multi-valued key, blank lines ignored; the same entries as {@code warden policy simulate --context KEY=VALUE}.
 */
public final class ContextLines {
    /** At most this many entries: a context is a handful of keys, not a document. */
    public static final int MAX_ENTRIES = 64;

    private ContextLines() {}

    /** One context entry. */
    public record Entry(String key, String value) {}

    /**
     * Reads the lines.
     *
     * @throws IllegalArgumentException naming the first line that is not {@code key=value}, or too many entries
     */
    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.replace("\r\n", "\n").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("context line " + (i + 1) + " is not KEY=VALUE");
            }
            if (out.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + MAX_ENTRIES + " context entries");
            }
            out.add(new Entry(
                    line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
        }
        return out;
    }
}
