package dev.warden.console.core;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, asked by keyset: at most {@code limit} items after the key {@code after} (null: from the
 * start). A store fetches {@code limit + 1} so that {@link #page} can tell whether a next page exists without a count.
 */
public record PageRequest(int limit, String after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int MAX_KEY_CHARS = 256;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " items");
        }
        if (after != null && (after.isEmpty() || after.length() > MAX_KEY_CHARS)) {
            throw new IllegalArgumentException("a page key is 1 to " + MAX_KEY_CHARS + " characters");
        }
    }

    /** From query parameters: an absent or unreadable limit is the default, a large one the maximum. */
    public static PageRequest of(String limit, String after) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(limit.trim())));
            } catch (NumberFormatException unreadable) {
                n = DEFAULT_LIMIT;
            }
        }
        return new PageRequest(n, after == null || after.isBlank() ? null : after);
    }

    /** How many items to fetch: one more than shown, to know whether there is a next page. */
    public int fetch() {
        return limit + 1;
    }

    /** The page shown from what was fetched (up to {@link #fetch()} items, in key order), and the next page's key. */
    public <T> Page<T> page(List<T> fetched, Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> shown = List.copyOf(fetched.subList(0, limit));
        return new Page<>(shown, key.apply(shown.get(shown.size() - 1)));
    }

    /** The items of a page and the key of the next one (null when this is the last). */
    public record Page<T>(List<T> items, String next) {}
}
