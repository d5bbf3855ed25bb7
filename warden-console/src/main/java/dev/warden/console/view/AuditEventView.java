package dev.warden.console.view;

import java.util.Map;

/** One audit event in full, with the hash that links it into the chain. */
public record AuditEventView(Frame frame, AuditRow row, Map<String, String> fields, Map<String, String> details) {}
