package dev.warden.gateway;

import java.time.Duration;

/**
 * Recent failures and past automatic bans of one ban target (an address, a client ID or a thing). Not thread-safe:
 * used only under the {@link ConnectionFirewall}'s lock.
 */
final class Strikes {
    /** Failure times in a ring of {@link BanPolicy#failures()} slots, allocated on the first failure. */
    private long[] failures;

    private int failureCount;
    private int failureHead;
    private int banCount;

    /** Adds a failure at {@code now} and returns how many fall within the policy's window. */
    int addFailure(long now, BanPolicy policy) {
        int capacity = policy.failures();
        if (failures == null || failures.length != capacity) {
            failures = new long[capacity];
            failureCount = 0;
            failureHead = 0;
        }
        long window = policy.window().toNanos();
        // Drop failures older than the window (oldest first).
        while (failureCount > 0) {
            int oldest = Math.floorMod(failureHead - failureCount, capacity);
            if (now - failures[oldest] < window) {
                break;
            }
            failureCount--;
        }
        failures[failureHead] = now;
        failureHead = (failureHead + 1) % capacity;
        failureCount = Math.min(capacity, failureCount + 1);
        return failureCount;
    }

    /**
     * Counts a new automatic ban and forgets the failures that led to it.
     *
     * @return how long the ban lasts: longer with each earlier ban ({@link BanPolicy#banLength})
     */
    Duration startBan(BanPolicy policy) {
        Duration length = policy.banLength(banCount);
        banCount++;
        failureCount = 0;
        return length;
    }

    /** Automatic bans so far, the current one included. */
    int banCount() {
        return banCount;
    }
}
