package dev.warden.incident.store;

import java.time.Instant;
import java.util.List;

/**
 * One update of the public status page, in public words only: what the communication phase chose to say about the
 * affected services and regions. Nothing internal (things, addresses, principals) is added to it by Warden.
 */
public record StatusUpdate(
        long id,
        long incidentId,
        String publicTitle,
        String status,
        String message,
        List<String> services,
        List<String> regions,
        String postedBy,
        Instant postedAt) {
    public static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");

    public StatusUpdate {
        services = List.copyOf(services);
        regions = List.copyOf(regions);
    }
}
