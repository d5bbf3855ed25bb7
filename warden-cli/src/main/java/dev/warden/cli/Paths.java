package dev.warden.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL path segments and query strings from user input. */
final class Paths {
    private Paths() {}

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?k=v&...} of the parameters that have a value (in their order), each encoded; "" when none has. */
    static String query(java.util.Map<String, String> parameters) {
        String q = parameters.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + segment(e.getValue()))
                .collect(java.util.stream.Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }
}
