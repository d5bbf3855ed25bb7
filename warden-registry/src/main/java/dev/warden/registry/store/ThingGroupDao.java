package dev.warden.registry.store;

import dev.warden.iam.store.Scope;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Thing groups and their members, on one handle. */
public final class ThingGroupDao {
    private final Handle handle;

    public ThingGroupDao(Handle handle) {
        this.handle = handle;
    }

    /** Creates a regional group (the quarantine group is each region's own). */
    public void create(String name, Instant now) {
        create(name, Scope.REGIONAL, now);
    }

    public void create(String name, Scope scope, Instant now) {
        if (exists(name)) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "thing group '" + name + "' already exists");
        }
        handle.createUpdate("INSERT INTO thing_groups (name, created_at, scope) VALUES (:n, :t, :s)")
                .bind("n", name)
                .bind("t", now.toEpochMilli())
                .bind("s", scope.column())
                .execute();
    }

    /** The group's scope; empty when there is no such group. */
    public java.util.Optional<Scope> scopeOf(String name) {
        return handle.createQuery("SELECT scope FROM thing_groups WHERE name = :n")
                .bind("n", name)
                .mapTo(String.class)
                .findOne()
                .map(s -> Scope.parse(s, Scope.REGIONAL));
    }

    public boolean exists(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM thing_groups WHERE name = :n")
                        .bind("n", name)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public void add(String group, String thing) {
        boolean member =
                handle.createQuery("SELECT COUNT(*) FROM thing_group_members WHERE group_name = :g AND thing_name = :t")
                                .bind("g", group)
                                .bind("t", thing)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
        if (!member) {
            handle.createUpdate("INSERT INTO thing_group_members (group_name, thing_name) VALUES (:g, :t)")
                    .bind("g", group)
                    .bind("t", thing)
                    .execute();
        }
    }

    public boolean remove(String group, String thing) {
        return handle.createUpdate("DELETE FROM thing_group_members WHERE group_name = :g AND thing_name = :t")
                        .bind("g", group)
                        .bind("t", thing)
                        .execute()
                == 1;
    }

    public List<String> groupsOf(String thing) {
        return handle.createQuery(
                        "SELECT group_name FROM thing_group_members WHERE thing_name = :t ORDER BY group_name")
                .bind("t", thing)
                .mapTo(String.class)
                .list();
    }

    /** The group's members with their thing types (a thing without one maps to null). */
    public java.util.Map<String, String> membersWithTypes(String group) {
        java.util.Map<String, String> members = new java.util.TreeMap<>();
        handle.createQuery("SELECT m.thing_name, t.thing_type FROM thing_group_members m JOIN things t"
                        + " ON t.name = m.thing_name WHERE m.group_name = :g")
                .bind("g", group)
                .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), java.util.Optional.ofNullable(rs.getString(2))))
                .forEach(e -> members.put(e.getKey(), e.getValue().orElse(null)));
        return members;
    }
}
