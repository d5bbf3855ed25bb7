package dev.warden.incident.oncall;

import java.time.LocalTime;

/**
 * Some hours of a local day, {@code from} inclusive to {@code to} exclusive; a window that wraps midnight
 * ({@code 20:00-08:00}) covers the evening and the next morning. {@code from == to} is the whole day.
 */
public record DailyHours(LocalTime from, LocalTime to) {
    public static final DailyHours ALL_DAY = new DailyHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public boolean covers(LocalTime t) {
        if (from.equals(to)) {
            return true;
        }
        if (from.isBefore(to)) {
            return !t.isBefore(from) && t.isBefore(to);
        }
        return !t.isBefore(from) || t.isBefore(to);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
