package dev.warden.device;

import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate is due for rotation: once {@code lifetimeFraction} of its lifetime has passed, or when less than
 * {@code minimumRemaining} is left, whichever comes first. Rotating well before expiry leaves room for retries while
 * the device is offline.
 *
 * @param lifetimeFraction in (0, 1]; the default 2/3 rotates a one-year certificate after eight months
 * @param minimumRemaining rotate at the latest when this much validity is left
 */
public record RotationPolicy(double lifetimeFraction, Duration minimumRemaining) {
    public RotationPolicy {
        if (!(lifetimeFraction > 0 && lifetimeFraction <= 1)) {
            throw new IllegalArgumentException("lifetimeFraction must be in (0, 1]");
        }
        if (minimumRemaining == null || minimumRemaining.isNegative()) {
            throw new IllegalArgumentException("minimumRemaining must be zero or positive");
        }
    }

    /** Two thirds of the lifetime, and at least seven days before expiry. */
    public static RotationPolicy defaults() {
        return new RotationPolicy(2.0 / 3.0, Duration.ofDays(7));
    }

    public boolean isDue(DeviceCredentials credentials, Instant now) {
        Instant notBefore = credentials.notBefore();
        Instant notAfter = credentials.notAfter();
        long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
        Instant byFraction = notBefore.plusMillis((long) (lifetimeMillis * lifetimeFraction));
        Instant byRemaining = notAfter.minus(minimumRemaining);
        return !now.isBefore(byFraction) || !now.isBefore(byRemaining);
    }
}
