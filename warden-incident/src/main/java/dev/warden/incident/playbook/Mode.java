package dev.warden.incident.playbook;

import java.util.Arrays;
import java.util.Optional;

/** Whether a step runs as soon as it is reached or waits for a person to approve it. */
public enum Mode {
    AUTOMATIC("automatic"),
    APPROVAL("approval");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Mode> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
