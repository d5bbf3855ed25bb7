package dev.warden.gateway;

/** A token bucket on a caller-supplied nanosecond clock. Not thread-safe: the owner serialises calls. */
final class TokenBucket {
    private final double perNano;
    private final int burst;
    private double tokens;
    private long refilledAt;

    /** Starts full, so the first {@code burst} events pass at once. */
    TokenBucket(Rate rate, long nowNanos) {
        this.perNano = rate.perSecond() / 1e9;
        this.burst = rate.burst();
        this.tokens = rate.burst();
        this.refilledAt = nowNanos;
    }

    /** Takes a token if one is available. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** True once the bucket is full again: then forgetting it changes nothing. */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            refilledAt = nowNanos;
        }
    }
}
