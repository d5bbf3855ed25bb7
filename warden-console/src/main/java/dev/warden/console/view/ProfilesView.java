package dev.warden.console.view;

import java.util.List;

/** The monitoring page's panel of security profiles: each with its version and behaviours ("name (severity)"). */
public record ProfilesView(List<Row> rows) {
    public record Row(String name, long version, boolean builtIn, String targets, List<String> behaviours) {}
}
