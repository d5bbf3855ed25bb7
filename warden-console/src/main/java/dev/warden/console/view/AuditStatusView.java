package dev.warden.console.view;

/**
 * The overview's audit panel: whether the trail records now, its last event, and its last signed checkpoint
 * (digest number, the events it covers, when, and the key that signed it).
 */
public record AuditStatusView(
        boolean healthy, long lastSeq, Long digestSeq, Long digestToSeq, String digestTime, String keyId) {}
