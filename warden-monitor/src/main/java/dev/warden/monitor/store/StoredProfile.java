package dev.warden.monitor.store;

import java.time.Instant;

/** A profile's current row: its document (ProfileJson form) at {@code version}, and who made and last changed it. */
public record StoredProfile(
        String name,
        String document,
        long version,
        boolean builtIn,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
