package dev.warden.region.store;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.RowChange;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A member region's check before it applies a replicated change: a global policy or thing group never replaces one of
 * the same name that this region keeps as regional. Each region refuses a regional name that a global one has, but a
 * global one may be made in the control region after a member made its regional one (or before the member saw it);
 * applying it would silently overwrite the member's document, or bind the member's own policy to replicated
 * attachments of the global one. Such a change is refused whole, with {@link RegionReason#REGIONAL_NAME_CONFLICT}:
 * the member keeps enforcing what it applied last, says why in its region status, and applies the change as soon as
 * its operators rename or delete their regional one.
 */
final class ScopeConflicts {
    private ScopeConflicts() {}

    /** Throws when a row written by {@code changes} collides with a regional policy or thing group of this region. */
    static void refuse(Handle handle, List<RowChange> changes) {
        for (RowChange change : changes) {
            if (change.deleted()) {
                continue;
            }
            collision(handle, change).ifPresent(what -> {
                throw new RegionException(
                        RegionReason.REGIONAL_NAME_CONFLICT,
                        "REGIONAL_NAME_CONFLICT: the control region replicates a global " + what
                                + " that this region keeps as regional; rename or delete the regional one here"
                                + " and replication resumes");
            });
        }
    }

    private static Optional<String> collision(Handle handle, RowChange change) {
        return switch (change.table()) {
            case "policies" -> regionalPolicy(handle, change.row().get("name"));
            case "policy_versions" -> regionalPolicy(handle, change.row().get("policy_name"));
            case "thing_groups" -> regionalGroup(handle, change.row().get("name"));
            case "principal_policies" ->
                "thinggroup".equals(change.row().get("principal_type"))
                        ? regionalGroup(handle, change.row().get("principal_id"))
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> regionalPolicy(Handle handle, Object name) {
        return regional(handle, "policies", name).map(n -> "policy named '" + n + "'");
    }

    private static Optional<String> regionalGroup(Handle handle, Object name) {
        return regional(handle, "thing_groups", name).map(n -> "thing group named '" + n + "'");
    }

    private static Optional<String> regional(Handle handle, String table, Object name) {
        if (name == null) {
            return Optional.empty();
        }
        boolean regional =
                handle.createQuery("SELECT COUNT(*) FROM " + table + " WHERE name = :n AND scope = 'regional'")
                                .bind("n", name.toString())
                                .mapTo(Integer.class)
                                .one()
                        > 0;
        return regional ? Optional.of(name.toString()) : Optional.empty();
    }
}
