package dev.warden.monitor.mitigation;

import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.MitigationAction;
import java.util.Optional;

/**
 * One mitigation to run: {@code action} against the alarm's target, automatically (by the behaviour) or by a
 * principal's hand. {@code alarmId} names the alarm that triggered it in the trail; {@code notifyUrl} and
 * {@code notifySecret} are the profile's webhook (for {@link MitigationAction#NOTIFY}).
 */
public record MitigationRequest(
        long alarmId,
        AlarmKey alarm,
        MitigationAction action,
        boolean automatic,
        String principal,
        String detail,
        Optional<String> notifyUrl,
        Optional<String> notifySecret) {}
