package dev.warden.console.view;

import java.util.List;

/**
 * A page of alarms, newest first, with the filter that made it (active only, a severity or none); {@code next} is the
 * next page's query string or null. Suppressions and security profiles load into the page as panels of their own.
 */
public record MonitoringView(
        Frame frame, boolean activeOnly, String severity, List<String> severities, List<AlarmRow> rows, String next) {}
