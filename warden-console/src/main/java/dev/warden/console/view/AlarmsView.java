package dev.warden.console.view;

import java.util.Map;

/** The overview's alarm panel: active alarms per severity, most severe first. */
public record AlarmsView(Map<String, Long> bySeverity, long total) {}
