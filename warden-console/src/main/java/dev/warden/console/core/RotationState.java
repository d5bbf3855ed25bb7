package dev.warden.console.core;

import java.time.Duration;
import java.time.Instant;

/**
 * How a key's or a secret's rotation stands against the compliance checks' rotation period (the same period and the
 * same clock start, so that the page's "overdue" and the KMS_KEY_ROTATION_OVERDUE and SECRET_ROTATION_OVERDUE
 * findings agree): the last rotation ("never" when there was none, the period then counting from creation), and
 * whether the next one is due in some days or overdue by some.
 */
public record RotationState(String lastRotated, String state, boolean overdue) {
    public static RotationState of(Instant createdAt, Instant rotatedAt, Duration period, Instant now) {
        String last = rotatedAt == null ? "never" : rotatedAt.toString();
        Instant due = (rotatedAt == null ? createdAt : rotatedAt).plus(period);
        if (due.isAfter(now)) {
            return new RotationState(
                    last, "due in " + Duration.between(now, due).toDays() + " days", false);
        }
        return new RotationState(
                last, "overdue by " + Duration.between(due, now).toDays() + " days", true);
    }

    /** A key the checks do not judge (a signing key, which cannot rotate; a key not enabled), and why. */
    public static RotationState notJudged(Instant rotatedAt, String why) {
        return new RotationState(rotatedAt == null ? "never" : rotatedAt.toString(), "not judged (" + why + ")", false);
    }
}
