package dev.warden.monitor.store;

import java.util.Arrays;
import java.util.Locale;

/** Where an alarm stands: active until its behaviour clears it, or invalid once its target or behaviour is gone. */
public enum AlarmState {
    ACTIVE,
    CLEARED,
    INVALID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AlarmState byId(String id) {
        return Arrays.stream(values())
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown alarm state in storage: " + id));
    }
}
