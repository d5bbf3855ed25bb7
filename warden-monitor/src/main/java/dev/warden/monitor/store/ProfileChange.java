package dev.warden.monitor.store;

import java.util.Arrays;
import java.util.Locale;

/** What made a profile version. A deletion is a version too, so that the history says when a profile went. */
public enum ProfileChange {
    CREATE,
    UPDATE,
    ATTACH,
    DETACH,
    DELETE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ProfileChange byId(String id) {
        return Arrays.stream(values())
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown profile change in storage: " + id));
    }
}
