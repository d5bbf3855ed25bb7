package dev.warden.incident.oncall;

import java.time.Instant;

/** A stored schedule or escalation policy: its document as written, its version (1, 2, ...), its last change. */
public record StoredDocument(String name, String document, int version, Instant updatedAt, String updatedBy) {}
