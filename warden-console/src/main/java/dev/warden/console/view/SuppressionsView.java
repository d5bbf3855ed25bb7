package dev.warden.console.view;

import java.util.List;

/** The monitoring page's panel of suppressions in force (each field empty when it matches any). */
public record SuppressionsView(List<Row> rows) {
    public record Row(
            long id, String profile, String behaviour, String target, String reason, String expiresAt, String by) {}
}
