package dev.warden.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URL path segments from user input. */
final class Paths {
    private Paths() {}

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
