package dev.warden.monitor.device;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last report id accepted from each thing: a report whose id is not greater is a replay or an old report and is
 * refused, so a resent or reordered document can never count twice or roll a device's state back.
 *
 * <p>Held in memory for at most {@code capacity} things (the least recently reporting are forgotten first) and lost
 * at a restart: the first report after either is taken as it comes. That is enough here, since only the device's
 * own authenticated connection can publish its reports; it is not a defence against a device lying.
 */
public final class ReportSequence {
    private final Map<String, Long> last;

    public ReportSequence(int capacity) {
        this.last = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code reportId} as {@code thing}'s latest, or refuses it when it does not increase. */
    public synchronized void admit(String thing, long reportId) {
        Long previous = last.get(thing);
        if (previous != null && reportId <= previous) {
            throw new MonitorException(
                    MonitorReason.INVALID_DEVICE_METRICS,
                    "header.report_id " + reportId + " is not greater than the last accepted, " + previous
                            + ": a replayed or old report");
        }
        last.put(thing, reportId);
    }

    /** The last accepted report id of {@code thing}, or 0. */
    public synchronized long last(String thing) {
        return last.getOrDefault(thing, 0L);
    }
}
