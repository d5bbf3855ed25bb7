package dev.warden.monitor.core;

import java.util.Arrays;
import java.util.Optional;

/** How a behaviour compares a metric's value with its threshold; the comparison holding is a violation. */
public enum Operator {
    LESS_THAN("less-than"),
    LESS_THAN_EQUALS("less-than-equals"),
    GREATER_THAN("greater-than"),
    GREATER_THAN_EQUALS("greater-than-equals"),
    /** Some address seen is in the set (e.g. a known-bad destination). */
    IN_CIDR_SET("in-cidr-set"),
    /** Some address seen is outside the set (e.g. a connection from outside the plant's network). */
    NOT_IN_CIDR_SET("not-in-cidr-set"),
    /** Some listening port is in the set (a forbidden service). */
    IN_PORT_SET("in-port-set"),
    /** Some listening port is outside the set (an unexpected service). */
    NOT_IN_PORT_SET("not-in-port-set");

    private final String id;

    Operator(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Operator> byId(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst();
    }

    /** Whether this operator can compare values of {@code kind}. */
    public boolean applies(ValueKind kind) {
        return switch (this) {
            case LESS_THAN, LESS_THAN_EQUALS, GREATER_THAN, GREATER_THAN_EQUALS -> kind.numeric();
            case IN_CIDR_SET, NOT_IN_CIDR_SET -> kind == ValueKind.ADDRESSES;
            case IN_PORT_SET, NOT_IN_PORT_SET -> kind == ValueKind.PORTS;
        };
    }

    boolean numeric() {
        return this == LESS_THAN || this == LESS_THAN_EQUALS || this == GREATER_THAN || this == GREATER_THAN_EQUALS;
    }

    /** For numeric operators: whether {@code value} violates {@code threshold}. */
    boolean violates(double value, double threshold) {
        return switch (this) {
            case LESS_THAN -> value < threshold;
            case LESS_THAN_EQUALS -> value <= threshold;
            case GREATER_THAN -> value > threshold;
            case GREATER_THAN_EQUALS -> value >= threshold;
            default -> throw new IllegalStateException(id + " is not numeric");
        };
    }

    boolean upward() {
        return this == GREATER_THAN || this == GREATER_THAN_EQUALS;
    }
}
