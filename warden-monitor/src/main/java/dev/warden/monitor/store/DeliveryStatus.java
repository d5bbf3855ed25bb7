package dev.warden.monitor.store;

import java.util.Locale;

/** Where a webhook delivery stands: pending (attempts left), delivered (a 2xx answer) or failed for good. */
public enum DeliveryStatus {
    PENDING,
    DELIVERED,
    FAILED;

    /** {@code pending}, {@code delivered}, {@code failed}: how the table and the API spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
