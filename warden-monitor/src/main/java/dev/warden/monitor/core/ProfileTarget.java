package dev.warden.monitor.core;

import java.util.Set;

/**
 * Which things a profile watches: all, the members of a thing group, or the things of a thing type. Metrics that
 * are not per thing (source addresses, admin users and principals) are watched by profiles that target all.
 */
public record ProfileTarget(Kind kind, String name) {
    public enum Kind {
        ALL,
        GROUP,
        TYPE
    }

    public static final ProfileTarget ALL = new ProfileTarget(Kind.ALL, "*");

    /** {@code all}, {@code group/<name>} or {@code type/<name>}, as in profiles and the CLI. */
    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case GROUP -> "group/" + name;
            case TYPE -> "type/" + name;
        };
    }

    boolean matches(MetricScope scope, Set<String> groups, String thingType) {
        if (kind == Kind.ALL) {
            return true;
        }
        if (scope != MetricScope.THING) {
            return false;
        }
        return kind == Kind.GROUP ? groups.contains(name) : name.equals(thingType);
    }
}
