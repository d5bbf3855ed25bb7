package dev.warden.console.view;

import java.util.Map;

/** The overview's compliance panel: open findings per severity, most severe first. */
public record FindingsView(Map<String, Long> bySeverity, long total) {}
