package dev.warden.firmware.repository;

import dev.warden.tuf.TopLevelRole;
import java.time.Duration;

/**
 * How long each role's metadata is valid, and how long before its expiry it is signed again. The timestamp is short
 * on purpose: a device that keeps getting an old one (a freeze attack) notices within a day.
 */
public record Expiries(Duration root, Duration targets, Duration snapshot, Duration timestamp) {
    public static Expiries defaults() {
        return new Expiries(Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(7), Duration.ofDays(1));
    }

    public Duration of(TopLevelRole role) {
        return switch (role) {
            case ROOT -> root;
            case TARGETS -> targets;
            case SNAPSHOT -> snapshot;
            case TIMESTAMP -> timestamp;
        };
    }

    /** Signed again once less than a third of its validity is left. */
    public Duration renewWithin(TopLevelRole role) {
        return of(role).dividedBy(3);
    }
}
