package dev.warden.monitor.store;

import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored mitigation.
 *
 * @param principal  who ran it: {@code system} for an automatic one, else the principal the admin route authenticated
 * @param detail     what was done ("banned 203.0.113.7 for PT1H") or why it failed; never a secret
 * @param finishedAt when it ended, or null while pending
 */
public record MitigationRecord(
        long id,
        long alarmId,
        MitigationAction action,
        TargetKey target,
        boolean automatic,
        String principal,
        MitigationStatus status,
        String detail,
        Instant createdAt,
        Instant finishedAt) {
    public MitigationRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
