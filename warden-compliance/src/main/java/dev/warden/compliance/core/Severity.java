package dev.warden.compliance.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How urgent a finding is: critical, high, medium or low (as in OCSF and SARIF levels, see the report formats). */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
