package dev.warden.incident.report;

import dev.warden.incident.store.StatusUpdate;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One update as the public sees it: when, the incident's status then, and the message the communication phase wrote.
 * Who posted it is left out on purpose: that is a principal.
 */
public record PublicUpdate(Instant at, String status, String message) {
    public PublicUpdate {
        Objects.requireNonNull(at, "at");
        status = status(status);
        message = message == null ? "" : message;
    }

    /** One of {@link StatusUpdate#STATUSES}, lower case; anything else is refused rather than shown. */
    static String status(String s) {
        String id = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (!StatusUpdate.STATUSES.contains(id)) {
            throw new IllegalArgumentException("a public status is one of " + StatusUpdate.STATUSES + ", not " + s);
        }
        return id;
    }
}
