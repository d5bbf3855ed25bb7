package dev.warden.incident.notify;

import java.util.Locale;

/** How a notification travels: e-mail over SMTP, or a signed webhook. */
public enum Channel {
    EMAIL,
    WEBHOOK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
