package dev.warden.audit.anchor;

/**
 * The chain head right after a commit that held an admin action: events up to {@code seq} end in {@code hash}.
 * Unsigned (a signature per admin action would cost more than the action), but outside the database.
 */
public record AnchoredHead(String region, long seq, String hash, long timeNanos) {}
