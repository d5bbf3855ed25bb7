package dev.warden.compliance.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who answers for a control, as the seed's shared-responsibility model splits it: Warden (the software checks and
 * enforces it), the operator of this node (configuration, processes, the host), or the maker of the device (what runs
 * on the device itself). The {@link #id()} is how the framework files and the reports spell it.
 */
public enum Responsibility {
    WARDEN("warden", "Warden"),
    OPERATOR("operator", "The operator of this node"),
    DEVICE_MAKER("device-maker", "The device maker");

    private final String id;
    private final String label;

    Responsibility(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    /** How a report names the party to a person. */
    public String label() {
        return label;
    }

    public static Optional<Responsibility> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
