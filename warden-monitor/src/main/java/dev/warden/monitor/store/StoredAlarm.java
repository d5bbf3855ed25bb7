package dev.warden.monitor.store;

import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.TargetKey;
import java.time.Instant;
import java.util.Optional;

/**
 * One raise of an alarm as stored. {@code lastSeen} is the last time it was known active: its raise, or the datapoint
 * that cleared it. {@code raiseCount} counts the raises of the same key so far, this one included.
 */
public record StoredAlarm(
        long id,
        String profile,
        String behaviour,
        String target,
        String metric,
        String severity,
        AlarmState state,
        double value,
        String detail,
        Instant firstSeen,
        Instant lastSeen,
        Optional<Instant> clearedAt,
        Optional<String> invalidReason,
        int raiseCount,
        Verification verification,
        Optional<String> verificationNote,
        Optional<String> verifiedBy,
        Optional<Instant> verifiedAt,
        boolean suppressed,
        Optional<Long> suppressionId,
        long detectionLatencyMillis) {

    public AlarmKey key() {
        return new AlarmKey(profile, behaviour, TargetKey.parse(target));
    }
}
