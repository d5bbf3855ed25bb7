package dev.warden.monitor.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's judgement of an alarm (as in Device Defender): a real attack, a false alarm, a real but harmless event
 * ({@code benign-positive}), or not yet judged. False and benign positives teach the learned baselines.
 */
public enum Verification {
    TRUE_POSITIVE,
    FALSE_POSITIVE,
    BENIGN_POSITIVE,
    UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the alarm's value was normal for its target, and so should be learned. */
    public boolean normal() {
        return this == FALSE_POSITIVE || this == BENIGN_POSITIVE;
    }

    public static Optional<Verification> byId(String id) {
        return Arrays.stream(values()).filter(v -> v.id().equals(id)).findFirst();
    }
}
