package dev.warden.incident.playbook;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which of an incident's targets a step applies to. Most name the targets the run was started with; two are found
 * when the step runs ({@link #derived()}): the things a CA registered, and the addresses a thing is connected from.
 */
public enum Selector {
    THING("thing", false),
    CERTIFICATE("certificate", false),
    ADDRESS("address", false),
    PRINCIPAL("principal", false),
    SECRET("secret", false),
    CA("ca", false),
    POLICY("policy", false),
    /** Each thing registered through each of the incident's CAs (its certificates chain to the CA). */
    CA_THING("ca-thing", true),
    /** Each source address of each of the incident's things' live sessions, read when the step runs. */
    THING_ADDRESS("thing-address", true);

    private final String id;
    private final boolean derived;

    Selector(String id, boolean derived) {
        this.id = id;
        this.derived = derived;
    }

    public String id() {
        return id;
    }

    /** True when the targets are looked up when the step runs, from those of {@link #source()}. */
    public boolean derived() {
        return derived;
    }

    /** What a derived selector starts from (itself for the others). */
    public Selector source() {
        if (this == CA_THING) {
            return CA;
        }
        return this == THING_ADDRESS ? THING : this;
    }

    /** What a target of this selector is, for ARNs and for the action handlers (a derived one names its kind). */
    public Selector kind() {
        if (this == CA_THING) {
            return THING;
        }
        return this == THING_ADDRESS ? ADDRESS : this;
    }

    public static Optional<Selector> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
