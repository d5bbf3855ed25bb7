package dev.warden.monitor.core;

import java.util.Arrays;
import java.util.Optional;

/** How urgent a behaviour's alarm is, for triage and the console: critical, high, medium (the default) or low. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Severity> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
