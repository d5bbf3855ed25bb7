package dev.warden.monitor.store;

import dev.warden.monitor.core.AlarmKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Alarms of {@code profile}, {@code behaviour} and {@code target} (each empty meaning any) raised before
 * {@code expiresAt} are recorded as suppressed and run no automatic mitigation.
 */
public record Suppression(
        long id,
        Optional<String> profile,
        Optional<String> behaviour,
        Optional<String> target,
        String reason,
        Instant expiresAt,
        String createdBy,
        Instant createdAt) {

    public boolean matches(AlarmKey key, Instant at) {
        return at.isBefore(expiresAt)
                && profile.map(key.profile()::equals).orElse(true)
                && behaviour.map(key.behaviour()::equals).orElse(true)
                && target.map(key.target().toString()::equals).orElse(true);
    }
}
