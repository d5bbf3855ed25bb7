package dev.warden.incident.report;

import dev.warden.incident.store.StatusUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One incident as the status page shows it, in the words of its status updates only: their public title (never the
 * incident's own title), the current status, the services and regions they named, when the first went out, and the
 * updates newest first. This type has no field for a thing, an address or a principal, so nothing internal can reach
 * the page unless an update's own words say it.
 */
public record PublicIncident(
        String title,
        String status,
        List<String> services,
        List<String> regions,
        Instant startedAt,
        Instant updatedAt,
        List<PublicUpdate> updates) {

    public PublicIncident {
        Objects.requireNonNull(title, "title");
        status = PublicUpdate.status(status);
        services = List.copyOf(services);
        regions = List.copyOf(regions);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        updates = List.copyOf(updates);
    }

    /**
     * The public view of one incident from its status updates (in any order): the newest update gives the status and,
     * when it has one, the title (else the newest earlier title); services and regions are every one any update
     * named, in the order first named, since the page tells what the incident affected.
     *
     * @throws IllegalArgumentException with no update: an incident nobody has communicated is not on the page
     */
    public static PublicIncident from(List<StatusUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("an incident appears on the status page with its first update");
        }
        List<StatusUpdate> oldestFirst = new ArrayList<>(updates);
        oldestFirst.sort(Comparator.comparing(StatusUpdate::postedAt).thenComparingLong(StatusUpdate::id));
        Set<String> services = new LinkedHashSet<>();
        Set<String> regions = new LinkedHashSet<>();
        String title = "";
        List<PublicUpdate> newestFirst = new ArrayList<>();
        for (StatusUpdate u : oldestFirst) {
            services.addAll(u.services());
            regions.addAll(u.regions());
            if (u.publicTitle() != null && !u.publicTitle().isBlank()) {
                title = u.publicTitle();
            }
            newestFirst.add(0, new PublicUpdate(u.postedAt(), u.status(), u.message()));
        }
        StatusUpdate newest = oldestFirst.get(oldestFirst.size() - 1);
        return new PublicIncident(
                title,
                newest.status(),
                List.copyOf(services),
                List.copyOf(regions),
                oldestFirst.get(0).postedAt(),
                newest.postedAt(),
                newestFirst);
    }

    public boolean resolved() {
        return "resolved".equals(status);
    }
}
