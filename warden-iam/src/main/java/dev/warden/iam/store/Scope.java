package dev.warden.iam.store;

import java.util.Locale;

/**
 * Where a policy or a thing group lives in a deployment of several regions. A {@code GLOBAL} one is made in the control
 * region and replicated to every member (its name is the deployment's); a {@code REGIONAL} one is made in, and never
 * leaves, the region where it was created (its name is that region's). On a node on its own both behave alike.
 */
public enum Scope {
    GLOBAL,
    REGIONAL;

    /** The value stored in a {@code scope} column, and shown by the API. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored or requested scope; null and blank read as {@code fallback}, anything else unknown throws. */
    public static Scope parse(String value, Scope fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        for (Scope scope : values()) {
            if (scope.column().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("a scope is 'global' or 'regional'");
    }
}
