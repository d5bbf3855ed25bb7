package dev.warden.gateway;

/**
 * A token-bucket rate: {@code perSecond} tokens are added each second, up to {@code burst}; each event takes one.
 *
 * @param perSecond sustained rate (may be fractional, e.g. 0.5 for one every two seconds)
 * @param burst     bucket size: how many events may come at once after a quiet period
 */
public record Rate(double perSecond, int burst) {
    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }
}
