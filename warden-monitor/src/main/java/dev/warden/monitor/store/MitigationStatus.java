package dev.warden.monitor.store;

import java.util.Locale;

/** Where a mitigation stands: pending while it runs (or its notification is being delivered), then done or failed. */
public enum MitigationStatus {
    PENDING,
    DONE,
    FAILED;

    /** {@code pending}, {@code done}, {@code failed}: how the table and the API spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MitigationStatus parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
