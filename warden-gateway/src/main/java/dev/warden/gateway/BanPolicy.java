package dev.warden.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * When a source address is banned: after {@code failures} failed TLS handshakes or authentications within
 * {@code window}, for {@code firstBan}; each further ban of the same address lasts twice as long as the previous
 * one, up to {@code maxBan}. An address's ban history is forgotten once it has been quiet for {@code maxBan}.
 */
public record BanPolicy(int failures, Duration window, Duration firstBan, Duration maxBan) {
    public BanPolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(firstBan, "firstBan");
        Objects.requireNonNull(maxBan, "maxBan");
        if (failures < 1 || failures > 10_000) {
            throw new IllegalArgumentException("failures must be 1..10000");
        }
        if (window.isNegative()
                || window.isZero()
                || firstBan.isNegative()
                || firstBan.isZero()
                || maxBan.compareTo(firstBan) < 0) {
            throw new IllegalArgumentException("window and firstBan must be positive, maxBan >= firstBan");
        }
        if (maxBan.compareTo(Duration.ofDays(365)) > 0 || window.compareTo(Duration.ofDays(365)) > 0) {
            // Bounded so that nanosecond arithmetic cannot overflow; a permanent ban belongs in the deny list.
            throw new IllegalArgumentException("maxBan and window must be at most 365 days");
        }
    }

    /** 10 failures in 60 s: a 1 minute ban, doubling up to 1 hour. */
    public static BanPolicy defaults() {
        return new BanPolicy(10, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** Length of the ban that follows {@code previousBans} earlier ones: firstBan × 2^previousBans, capped. */
    Duration banLength(int previousBans) {
        Duration length = firstBan;
        for (int i = 0; i < previousBans && length.compareTo(maxBan) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(maxBan) > 0 ? maxBan : length;
    }
}
