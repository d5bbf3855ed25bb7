package dev.warden.iam.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Groups, their members, and roles with their trust policies, on one handle. */
public final class GroupRoleDao {
    private final Handle handle;

    /** A role: who may assume it (trust policy) and for how long at most. */
    public record Role(String name, String trustPolicy, long maxSessionSeconds, Instant createdAt) {}

    public GroupRoleDao(Handle handle) {
        this.handle = handle;
    }

    public void createGroup(String name, Instant now) {
        if (groupExists(name)) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "group '" + name + "' already exists");
        }
        handle.createUpdate("INSERT INTO user_groups (name, created_at) VALUES (:n, :t)")
                .bind("n", name)
                .bind("t", now.toEpochMilli())
                .execute();
    }

    public boolean groupExists(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM user_groups WHERE name = :n")
                        .bind("n", name)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public void addMember(String group, String user) {
        boolean member =
                handle.createQuery("SELECT COUNT(*) FROM group_members WHERE group_name = :g AND user_name = :u")
                                .bind("g", group)
                                .bind("u", user)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
        if (!member) {
            handle.createUpdate("INSERT INTO group_members (group_name, user_name) VALUES (:g, :u)")
                    .bind("g", group)
                    .bind("u", user)
                    .execute();
        }
    }

    public boolean removeMember(String group, String user) {
        return handle.createUpdate("DELETE FROM group_members WHERE group_name = :g AND user_name = :u")
                        .bind("g", group)
                        .bind("u", user)
                        .execute()
                == 1;
    }

    public List<String> groupsOf(String user) {
        return handle.createQuery("SELECT group_name FROM group_members WHERE user_name = :u ORDER BY group_name")
                .bind("u", user)
                .mapTo(String.class)
                .list();
    }

    public void createRole(Role role) {
        if (findRole(role.name()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "role '" + role.name() + "' already exists");
        }
        handle.createUpdate(
                        "INSERT INTO roles (name, trust_policy, max_session_seconds, created_at) VALUES (:n, :p, :m, :t)")
                .bind("n", role.name())
                .bind("p", role.trustPolicy())
                .bind("m", role.maxSessionSeconds())
                .bind("t", role.createdAt().toEpochMilli())
                .execute();
    }

    /** Every role, by name. */
    public List<Role> roles() {
        return handle.createQuery("SELECT name, trust_policy, max_session_seconds, created_at FROM roles ORDER BY name")
                .map((rs, ctx) ->
                        new Role(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))))
                .list();
    }

    public Optional<Role> findRole(String name) {
        return handle.createQuery(
                        "SELECT name, trust_policy, max_session_seconds, created_at FROM roles WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) ->
                        new Role(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))))
                .findOne();
    }
}
