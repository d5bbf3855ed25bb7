package dev.warden.console.view;

/** One event of an audit query's result. */
public record AuditRow(
        long seq, String eventId, String time, String principal, String action, String resource, String result) {}
