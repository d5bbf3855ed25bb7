package dev.warden.registry.store;

import java.util.List;
import java.util.Objects;

/**
 * Which things a search returns: a name prefix (empty: any; matched literally and with its case), a thing type (null:
 * any) and thing groups the thing must be in, every one of them (empty: any), e.g. the quarantine group.
 */
public record ThingFilter(String namePrefix, String thingType, List<String> groups) {
    public ThingFilter {
        namePrefix = namePrefix == null ? "" : namePrefix;
        groups = List.copyOf(Objects.requireNonNullElse(groups, List.of()));
    }

    /** Things whose name starts with {@code prefix}, of any type and group. */
    public static ThingFilter prefix(String prefix) {
        return new ThingFilter(prefix, null, List.of());
    }
}
