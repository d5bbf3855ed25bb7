package dev.warden.console.core;

import java.util.List;
import java.util.Optional;

/**
 * The Monitoring page's alarm list as asked in its query string: active alarms only or all, one severity or any, and
 * a keyset page (the key is the last alarm id shown; alarms are listed newest first, so the next page is below it).
 */
public record AlarmQuery(boolean activeOnly, String severity, PageRequest page) {
    /** The monitor's severities, most severe first. */
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");

    public AlarmQuery {
        if (!severity.isEmpty() && !SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity is critical, high, medium or low");
        }
        if (page.after() != null && !page.after().matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("a page key is an alarm id");
        }
    }

    /** From query parameters, each possibly absent. */
    public static AlarmQuery of(String active, String severity, String limit, String after) {
        return new AlarmQuery(
                "true".equals(active), severity == null ? "" : severity.trim(), PageRequest.of(limit, after));
    }

    /** Only alarms older than this id, when a page key was given. */
    public Optional<Long> beforeId() {
        return Optional.ofNullable(page.after()).map(Long::parseLong);
    }

    /** The query string of the page after this one, which ends at alarm {@code lastId}: the same filter. */
    public String next(String lastId) {
        return "active=" + activeOnly + "&severity=" + severity + "&limit=" + page.limit() + "&after=" + lastId;
    }
}
