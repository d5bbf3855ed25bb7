package dev.warden.console.view;

import java.util.List;

/**
 * One alarm's page: the alarm, what raised it, how it stands, the operator's verification (state, note, by whom,
 * when) and the states a verification may give; {@code notice} confirms a verification just recorded.
 */
public record AlarmView(
        Frame frame,
        AlarmRow alarm,
        String metric,
        String value,
        String detail,
        String lastSeen,
        String clearedAt,
        String invalidReason,
        int raiseCount,
        String verificationNote,
        String verifiedBy,
        String verifiedAt,
        List<String> verificationStates,
        String notice) {}
