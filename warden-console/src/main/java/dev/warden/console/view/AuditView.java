package dev.warden.console.view;

import java.util.List;

/** The audit query page: the filter as typed, one page of events, and the next page's query string (or null). */
public record AuditView(
        Frame frame,
        String principal,
        String action,
        String result,
        String from,
        String to,
        List<AuditRow> rows,
        String next) {}
