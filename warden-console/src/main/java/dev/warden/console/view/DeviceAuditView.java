package dev.warden.console.view;

import java.util.List;

/** A device's recent audit events, newest first, each linking to its detail on the Audit page. */
public record DeviceAuditView(String thing, List<AuditRow> rows) {}
