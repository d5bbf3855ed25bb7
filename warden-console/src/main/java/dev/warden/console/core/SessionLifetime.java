package dev.warden.console.core;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a console session lives: it ends after {@code idle} without a request and, whatever its use, after
 * {@code absolute} from its sign-in. Both are bounded above ({@link #MAX_IDLE}, {@link #MAX_ABSOLUTE}) so that a
 * configuration can only make them stricter than the defaults allow.
 */
public record SessionLifetime(Duration idle, Duration absolute) {
    public static final Duration MAX_IDLE = Duration.ofMinutes(30);
    public static final Duration MAX_ABSOLUTE = Duration.ofHours(12);
    /** 15 minutes idle, 8 hours in all: a working day, then sign in again. */
    public static final SessionLifetime DEFAULT = new SessionLifetime(Duration.ofMinutes(15), Duration.ofHours(8));

    /** Why a session is no longer usable, or that it is. */
    public enum Verdict {
        LIVE,
        IDLE_EXPIRED,
        ABSOLUTE_EXPIRED
    }

    public SessionLifetime {
        if (idle == null || idle.isNegative() || idle.isZero() || idle.compareTo(MAX_IDLE) > 0) {
            throw new IllegalArgumentException("the idle timeout must be more than 0 and at most " + MAX_IDLE);
        }
        if (absolute == null || absolute.compareTo(idle) < 0 || absolute.compareTo(MAX_ABSOLUTE) > 0) {
            throw new IllegalArgumentException(
                    "the absolute lifetime must be at least the idle timeout and at most " + MAX_ABSOLUTE);
        }
    }

    /** The session signed in at {@code signedIn} and last used at {@code lastUsed}, asked about at {@code now}. */
    public Verdict check(Instant signedIn, Instant lastUsed, Instant now) {
        if (!now.isBefore(signedIn.plus(absolute))) {
            return Verdict.ABSOLUTE_EXPIRED;
        }
        if (!now.isBefore(lastUsed.plus(idle))) {
            return Verdict.IDLE_EXPIRED;
        }
        return Verdict.LIVE;
    }
}
