package dev.warden.region.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The deployment's residency table: which jurisdiction (e.g. {@code eu}) each region lies in. Data may move only
 * between two regions of one jurisdiction; a region in none may send and receive nothing, so a region the table
 * forgot is closed rather than open. A region lies in at most one jurisdiction. Immutable.
 */
public final class Jurisdictions {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final Jurisdictions NONE = new Jurisdictions(Map.of());

    /** Region to jurisdiction, sorted by region so that two equal tables compare and print alike. */
    private final Map<String, String> byRegion;

    private Jurisdictions(Map<String, String> byRegion) {
        this.byRegion = java.util.Collections.unmodifiableMap(new TreeMap<>(byRegion));
    }

    /** A table from region to jurisdiction; refuses a malformed region or jurisdiction name. */
    public static Jurisdictions of(Map<String, String> byRegion) {
        byRegion.forEach((region, jurisdiction) -> {
            requireRegion(region);
            requireName(jurisdiction);
        });
        return new Jurisdictions(byRegion);
    }

    /** Whether {@code name} may name a jurisdiction: a short lower-case label. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * This table with {@code jurisdiction} made of exactly {@code regions}: its former regions not named leave it, a
     * region named moves out of any other jurisdiction, and no regions at all removes the jurisdiction.
     */
    public Jurisdictions with(String jurisdiction, Collection<String> regions) {
        requireName(jurisdiction);
        Map<String, String> next = new TreeMap<>(byRegion);
        next.values().removeIf(jurisdiction::equals);
        for (String region : regions) {
            requireRegion(region);
            next.put(region, jurisdiction);
        }
        return new Jurisdictions(next);
    }

    /** The jurisdiction {@code region} lies in, if any. */
    public Optional<String> of(String region) {
        return Optional.ofNullable(region).map(byRegion::get);
    }

    /** Whether data of region {@code from} may be copied to region {@code to}: both in one jurisdiction. */
    public boolean mayReplicate(String from, String to) {
        Optional<String> source = of(from);
        return source.isPresent() && source.equals(of(to));
    }

    public Map<String, String> byRegion() {
        return byRegion;
    }

    /** Jurisdiction to its regions, both sorted: how the table is shown and sent. */
    public Map<String, List<String>> byJurisdiction() {
        Map<String, TreeSet<String>> grouped = new TreeMap<>();
        byRegion.forEach(
                (region, j) -> grouped.computeIfAbsent(j, x -> new TreeSet<>()).add(region));
        Map<String, List<String>> out = new LinkedHashMap<>();
        grouped.forEach((j, regions) -> out.put(j, List.copyOf(regions)));
        return out;
    }

    private static void requireName(String jurisdiction) {
        if (!isName(jurisdiction)) {
            throw new IllegalArgumentException("a jurisdiction is named by 1 to 32 lower-case letters, digits, '-'");
        }
    }

    private static void requireRegion(String region) {
        if (!RegionNode.isRegionName(region)) {
            throw new IllegalArgumentException("not a region name");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jurisdictions other && byRegion.equals(other.byRegion);
    }

    @Override
    public int hashCode() {
        return byRegion.hashCode();
    }

    @Override
    public String toString() {
        return byJurisdiction().toString();
    }
}
