package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.store.RegionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's jurisdictions as this node keeps them: set in the control region (or a node on its own), copied
 * whole by members from each membership refresh. Audited on both sides.
 */
final class ResidencyTable {
    private final RegionStore store;
    private final RegionEvents events;
    private final Clock clock;

    ResidencyTable(RegionStore store, RegionEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    Jurisdictions current() {
        return store.jurisdictions();
    }

    /**
     * A member takes the control region's residency table as sent, whole. A reply without one (a control region that
     * predates it) or with one that does not parse empties it: replication then stops rather than guess.
     */
    void apply(Deployment d, JsonNode sent) {
        Jurisdictions table = Jurisdictions.NONE;
        try {
            for (Map.Entry<String, JsonNode> j : (Iterable<Map.Entry<String, JsonNode>>) sent::fields) {
                List<String> regions = new ArrayList<>();
                j.getValue().forEach(r -> regions.add(r.asText()));
                table = table.with(j.getKey(), regions);
            }
        } catch (IllegalArgumentException e) {
            table = Jurisdictions.NONE;
        }
        if (!table.equals(store.jurisdictions())) {
            Jurisdictions applied = table;
            store.database().useTransaction(h -> store.replaceJurisdictions(h, applied, clock.instant()));
            events.jurisdictionsReplaced(d.controlRegion(), label(applied.toString()));
        }
    }

    /**
     * Sets jurisdiction {@code name} to exactly {@code regions} (none removes it). Only the control region decides
     * residency, or a node on its own, which becomes a control region when it makes its first join token.
     */
    Jurisdictions put(String name, List<String> regions) {
        Optional<Deployment> d = store.deployment();
        if (d.isPresent() && !d.get().isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION,
                    "jurisdictions are set in the control region, " + d.get().controlRegion());
        }
        if (!Jurisdictions.isName(name)) {
            throw new RegionException(
                    RegionReason.INVALID_REQUEST, "a jurisdiction is named by 1 to 32 lower-case letters, digits, '-'");
        }
        List<String> sorted = regions.stream().distinct().sorted().toList();
        for (String region : sorted) {
            RegionService.requireName(region);
        }
        // Admin writes are one at a time per table here: read, change and replace under the service's lock.
        synchronized (this) {
            Jurisdictions next = store.jurisdictions().with(name, sorted);
            store.database().useTransaction(h -> store.replaceJurisdictions(h, next, clock.instant()));
            events.jurisdictionSet(name, sorted);
            return next;
        }
    }

    /** An audit detail stays a label: a long table is cut, never shipped as a record. */
    private static String label(String text) {
        return text.length() <= 1024 ? text : text.substring(0, 1021) + "...";
    }
}
