package dev.warden.monitor.mitigation;

import java.time.Duration;

/**
 * How a webhook delivery is retried: after a failed attempt {@code n} (1-based) the next waits
 * {@code first * 2^(n-1)}, at most {@code cap}, until {@code maxAttempts} attempts were made. A 2xx answer delivers;
 * a 4xx other than 408 (timeout) and 429 (too many requests) fails at once, since repeating the same signed request
 * cannot change the receiver's mind, and so does a 3xx (redirects are never followed: the signed alarm goes only where
 * the profile says); a 5xx, a 408, a 429 or no answer is retried.
 */
public record RetryPolicy(Duration first, Duration cap, int maxAttempts, Duration requestTimeout) {
    /** 1 s, 2 s, 4 s, 8 s: five attempts within about 15 s, each given 10 s to answer. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofSeconds(10));

    public RetryPolicy {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays must be positive, the cap at least the first");
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("a delivery makes 1 to 20 attempts");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
    }

    /** The wait before the attempt after failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        Duration delay = first.multipliedBy(1L << shift);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    /** Whether an answer with this status is worth another attempt. */
    public static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
