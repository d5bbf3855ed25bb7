package dev.warden.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every IAM action Warden knows, per service: the data of {@code warden-actions.txt} (one {@code service:Action} a
 * line, {@code #} comments). Strict parsing refuses actions that are not here and suggests the nearest one.
 * Names compare case-insensitively, as actions match in policies.
 */
public final class ActionCatalogue {
    /** The catalogue's resource, next to this class. */
    public static final String RESOURCE = "warden-actions.txt";

    /** Names longer than this get no suggestion (no action name is nearly this long). */
    private static final int MAX_SUGGESTED_LENGTH = 100;

    private static volatile ActionCatalogue builtIn;

    /** lower-case service -> (lower-case action -> action as spelled in the catalogue), sorted. */
    private final Map<String, Map<String, String>> byService;

    private ActionCatalogue(Map<String, Map<String, String>> byService) {
        this.byService = byService;
    }

    /** Warden's own catalogue ({@value #RESOURCE}). */
    public static ActionCatalogue builtIn() {
        ActionCatalogue c = builtIn;
        if (c == null) {
            try (InputStream in = ActionCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = c;
        }
        return c;
    }

    /**
     * Reads a catalogue text.
     *
     * @throws IllegalArgumentException for a line that is not {@code service:Action} or an action listed twice
     */
    public static ActionCatalogue parse(String text) {
        Map<String, Map<String, String>> byService = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String action = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (action.isEmpty()) {
                continue;
            }
            if (!action.matches("[a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not service:Action: \"" + action + "\"");
            }
            int colon = action.indexOf(':');
            String previous = byService
                    .computeIfAbsent(action.substring(0, colon), s -> new TreeMap<>())
                    .put(action.substring(colon + 1).toLowerCase(Locale.ROOT), action);
            if (previous != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + action + " is listed twice");
            }
        }
        Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
        byService.forEach((s, m) -> frozen.put(s, Collections.unmodifiableMap(m)));
        return new ActionCatalogue(Collections.unmodifiableMap(frozen));
    }

    /** The services, sorted. */
    public Set<String> services() {
        return byService.keySet();
    }

    /** Whether {@code service} (any case) is in the catalogue. */
    public boolean hasService(String service) {
        return byService.containsKey(service.toLowerCase(Locale.ROOT));
    }

    /** The actions of one service ({@code service:Action}), sorted; empty for an unknown service. */
    public List<String> actions(String service) {
        Map<String, String> m = byService.get(service.toLowerCase(Locale.ROOT));
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Every action, sorted by service then name. */
    public List<String> actions() {
        List<String> all = new ArrayList<>();
        byService.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** Whether {@code action} ({@code service:Action}, any case, no wildcards) is in the catalogue. */
    public boolean contains(String action) {
        int colon = action.indexOf(':');
        if (colon < 0) {
            return false;
        }
        Map<String, String> m = byService.get(action.substring(0, colon).toLowerCase(Locale.ROOT));
        return m != null && m.containsKey(action.substring(colon + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether a compiled action pattern matches at least one catalogue action. */
    boolean anyMatch(Pattern pattern) {
        RequestContext none = RequestContext.empty();
        for (Map<String, String> m : byService.values()) {
            for (String action : m.values()) {
                if (pattern.matches(action, none)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The catalogue action nearest to an unknown {@code service:Action} by edit distance within its service, or
     * the same name in another service (as {@code iot:CreateThing} for {@code warden:CreateThing}); null if none
     * is close.
     */
    public String suggest(String action) {
        int colon = action.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = action.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (name.length() > MAX_SUGGESTED_LENGTH) {
            return null; // nothing in the catalogue is near; bounds the edit-distance work
        }
        Map<String, String> same =
                byService.getOrDefault(action.substring(0, colon).toLowerCase(Locale.ROOT), Map.of());
        String best = nearest(name, same.keySet(), Math.max(2, name.length() / 4));
        if (best != null) {
            return same.get(best);
        }
        for (Map<String, String> m : byService.values()) {
            if (m.containsKey(name)) {
                return m.get(name);
            }
        }
        return null;
    }

    /** The nearest of {@code candidates} to {@code word} (at most {@code max} edits), or null. */
    static String nearest(String word, Iterable<String> candidates, int max) {
        String best = null;
        int bestDistance = max + 1;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > max) {
                continue;
            }
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
