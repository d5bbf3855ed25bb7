package dev.warden.console.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's traffic per minute over the last day, for the Overview's charts: a ring of {@value #MINUTES} minute
 * buckets fed with the gateway's cumulative counters ({@link #record}), once a minute by the node's scheduler and
 * again whenever a chart is read, so the chart shows the current minute too.
 *
 * <p>What happened between two samples is spread over the minutes between them in proportion to the time each covers,
 * so a late or early tick does not leave a gap or a double bucket. A counter that went down was restarted (a new
 * gateway): its new value is what happened since. A minute the node did not observe (before its first sample, or while
 * it was stopped) has no value, rather than a zero that would claim a quiet minute. Only what fits in the ring is
 * kept: a pause longer than a day keeps its last day, and a bucket a day old is reused for the new minute.
 *
 * <p>No clock and no I/O: times are passed in. Thread-safe: the scheduler writes while a page reads.
 */
public final class TrafficHistory {
    /** A day of minutes. */
    public static final int MINUTES = 1440;

    private static final long MINUTE_MILLIS = 60_000;

    /** The gateway's counters at one moment; each only grows while the gateway lives. */
    public record Totals(long messages, long authenticationFailures, long authorizationDenials) {}

    /**
     * One minute as observed: its start, the messages per second over the part of it observed, and the failures
     * counted in it; all three null when no part of the minute was observed.
     */
    public record Minute(
            Instant start, Double messagesPerSecond, Double authenticationFailures, Double authorizationDenials) {
        public boolean observed() {
            return messagesPerSecond != null;
        }
    }

    /** The minute (since the epoch) each slot holds, or -1 for none yet. */
    private final long[] minuteOf = new long[MINUTES];
    /** Milliseconds of each slot's minute covered by samples. */
    private final long[] covered = new long[MINUTES];

    private final double[] messages = new double[MINUTES];
    private final double[] authentication = new double[MINUTES];
    private final double[] authorization = new double[MINUTES];
    private Instant lastAt;
    private Totals last;

    public TrafficHistory() {
        java.util.Arrays.fill(minuteOf, -1);
    }

    /**
     * Takes the counters as they were at {@code at}. The first sample is the baseline; a sample not later than the
     * last one is ignored (it adds nothing that is known).
     */
    public synchronized void record(Instant at, Totals totals) {
        if (last != null && !at.isAfter(lastAt)) {
            return;
        }
        if (last != null) {
            spread(
                    lastAt.toEpochMilli(),
                    at.toEpochMilli(),
                    delta(last.messages(), totals.messages()),
                    delta(last.authenticationFailures(), totals.authenticationFailures()),
                    delta(last.authorizationDenials(), totals.authorizationDenials()));
        }
        lastAt = at;
        last = totals;
    }

    /** The last {@code minutes} minutes up to and including {@code now}'s, oldest first (at most a day). */
    public synchronized List<Minute> window(Instant now, int minutes) {
        if (minutes < 1 || minutes > MINUTES) {
            throw new IllegalArgumentException("a window is 1 to " + MINUTES + " minutes, not " + minutes);
        }
        long newest = Math.floorDiv(now.toEpochMilli(), MINUTE_MILLIS);
        List<Minute> out = new ArrayList<>(minutes);
        for (long m = newest - minutes + 1; m <= newest; m++) {
            out.add(minute(m));
        }
        return out;
    }

    private Minute minute(long m) {
        Instant start = Instant.ofEpochMilli(m * MINUTE_MILLIS);
        int slot = slot(m);
        if (minuteOf[slot] != m || covered[slot] == 0) {
            return new Minute(start, null, null, null);
        }
        return new Minute(start, messages[slot] * 1000.0 / covered[slot], authentication[slot], authorization[slot]);
    }

    /** Adds the counts of {@code (from, to]} to the minutes it overlaps, each its share; only the last day of it. */
    private void spread(long from, long to, long messageCount, long authenticationCount, long authorizationCount) {
        double length = to - from;
        long start = Math.max(from, to - MINUTES * MINUTE_MILLIS);
        for (long m = Math.floorDiv(start, MINUTE_MILLIS); m * MINUTE_MILLIS < to; m++) {
            long overlap = Math.min(to, (m + 1) * MINUTE_MILLIS) - Math.max(start, m * MINUTE_MILLIS);
            if (overlap <= 0) {
                continue;
            }
            double share = overlap / length;
            int slot = claim(m);
            covered[slot] += overlap;
            messages[slot] += messageCount * share;
            authentication[slot] += authenticationCount * share;
            authorization[slot] += authorizationCount * share;
        }
    }

    /** The slot of minute {@code m}, emptied first when it still holds the minute a day (or days) before. */
    private int claim(long m) {
        int slot = slot(m);
        if (minuteOf[slot] != m) {
            minuteOf[slot] = m;
            covered[slot] = 0;
            messages[slot] = 0;
            authentication[slot] = 0;
            authorization[slot] = 0;
        }
        return slot;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }

    /** What a counter counted since its last reading; a counter that went down restarted from zero. */
    private static long delta(long before, long now) {
        return now >= before ? now - before : now;
    }
}
