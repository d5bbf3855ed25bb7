package dev.warden.iam.store;

import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Policies and their attachments to things, on one handle. */
public final class PolicyDao {
    private static final String COLUMNS = "name, document, built_in, created_at, updated_at, scope";
    private final Handle handle;

    public PolicyDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(PolicyRecord p) {
        if (find(p.name()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "policy '" + p.name() + "' already exists");
        }
        handle.createUpdate("INSERT INTO policies (" + COLUMNS
                        + ") VALUES (:name, :doc, :builtIn, :created, :updated, :scope)")
                .bind("name", p.name())
                .bind("doc", p.document())
                .bind("builtIn", p.builtIn() ? 1 : 0)
                .bind("created", Times.millis(p.createdAt()))
                .bind("updated", Times.millis(p.updatedAt()))
                .bind("scope", p.scope().column())
                .execute();
    }

    public boolean updateDocument(String name, String document, Instant now) {
        return handle.createUpdate("UPDATE policies SET document = :doc, updated_at = :now WHERE name = :name")
                        .bind("doc", document)
                        .bind("now", now.toEpochMilli())
                        .bind("name", name)
                        .execute()
                == 1;
    }

    public Optional<PolicyRecord> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM policies WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<PolicyRecord> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM policies ORDER BY name")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    public void attachToThing(String policyName, String thingName) {
        boolean attached =
                handle.createQuery("SELECT COUNT(*) FROM thing_policies WHERE thing_name = :t AND policy_name = :p")
                                .bind("t", thingName)
                                .bind("p", policyName)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
        if (!attached) {
            handle.createUpdate("INSERT INTO thing_policies (thing_name, policy_name) VALUES (:t, :p)")
                    .bind("t", thingName)
                    .bind("p", policyName)
                    .execute();
        }
    }

    /**
     * Attaches a policy to a thing created in the same transaction: nothing can be attached to it yet, so no read
     * first (which, in a serializable PostgreSQL transaction, would conflict with concurrent registrations).
     */
    public void attachToNewThing(String policyName, String thingName) {
        handle.createUpdate("INSERT INTO thing_policies (thing_name, policy_name) VALUES (:t, :p)")
                .bind("t", thingName)
                .bind("p", policyName)
                .execute();
    }

    public List<String> policiesOfThing(String thingName) {
        return handle.createQuery("SELECT policy_name FROM thing_policies WHERE thing_name = :t ORDER BY policy_name")
                .bind("t", thingName)
                .mapTo(String.class)
                .list();
    }

    /** Returns whether an attachment was removed. */
    public boolean detachFromThing(String policyName, String thingName) {
        return handle.createUpdate("DELETE FROM thing_policies WHERE thing_name = :t AND policy_name = :p")
                        .bind("t", thingName)
                        .bind("p", policyName)
                        .execute()
                == 1;
    }

    public List<String> thingsOfPolicy(String policyName) {
        return handle.createQuery("SELECT thing_name FROM thing_policies WHERE policy_name = :p ORDER BY thing_name")
                .bind("p", policyName)
                .mapTo(String.class)
                .list();
    }

    /** Deletes a policy that nothing is attached to; returns whether it existed. */
    public boolean delete(String name) {
        return handle.createUpdate("DELETE FROM policies WHERE name = :name")
                        .bind("name", name)
                        .execute()
                == 1;
    }

    /** Attaches a policy to a principal that is not a thing (e.g. type {@code admin}); idempotent. */
    public void attachToPrincipal(String policyName, String principalType, String principalId) {
        boolean attached = handle.createQuery("SELECT COUNT(*) FROM principal_policies WHERE principal_type = :t "
                                + "AND principal_id = :i AND policy_name = :p")
                        .bind("t", principalType)
                        .bind("i", principalId)
                        .bind("p", policyName)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (!attached) {
            handle.createUpdate(
                            "INSERT INTO principal_policies (principal_type, principal_id, policy_name) VALUES (:t, :i, :p)")
                    .bind("t", principalType)
                    .bind("i", principalId)
                    .bind("p", policyName)
                    .execute();
        }
    }

    public boolean detachFromPrincipal(String policyName, String principalType, String principalId) {
        return handle.createUpdate("DELETE FROM principal_policies WHERE principal_type = :t AND principal_id = :i "
                                + "AND policy_name = :p")
                        .bind("t", principalType)
                        .bind("i", principalId)
                        .bind("p", policyName)
                        .execute()
                == 1;
    }

    public List<String> policiesOfPrincipal(String principalType, String principalId) {
        return handle.createQuery(
                        "SELECT policy_name FROM principal_policies WHERE principal_type = :t AND principal_id = :i "
                                + "ORDER BY policy_name")
                .bind("t", principalType)
                .bind("i", principalId)
                .mapTo(String.class)
                .list();
    }

    /** Principals (type:id) a policy is attached to, things excluded. */
    public List<String> principalsOfPolicy(String policyName) {
        return handle.createQuery(
                        "SELECT principal_type || ':' || principal_id FROM principal_policies WHERE policy_name = :p "
                                + "ORDER BY 1")
                .bind("p", policyName)
                .mapTo(String.class)
                .list();
    }

    /** How many things each policy is attached to directly; policies attached to no thing are absent. */
    public java.util.Map<String, Integer> thingCounts() {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        handle.createQuery("SELECT policy_name, COUNT(*) AS n FROM thing_policies GROUP BY policy_name")
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("policy_name"), rs.getInt("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** One attachment of a policy to a principal that is not a thing. */
    public record PrincipalAttachment(String principalType, String principalId, String policyName) {}

    /** Every attachment to a principal that is not a thing (users, groups, roles, services, admins, thing groups). */
    public List<PrincipalAttachment> principalAttachments() {
        return handle.createQuery("SELECT principal_type, principal_id, policy_name FROM principal_policies"
                        + " ORDER BY policy_name, principal_type, principal_id")
                .map((rs, ctx) -> new PrincipalAttachment(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    public void detachAllFromThing(String thingName) {
        handle.createUpdate("DELETE FROM thing_policies WHERE thing_name = :t")
                .bind("t", thingName)
                .execute();
    }

    private static PolicyRecord map(ResultSet rs) throws SQLException {
        return new PolicyRecord(
                rs.getString("name"),
                rs.getString("document"),
                rs.getInt("built_in") == 1,
                Times.instant(rs, "created_at"),
                Times.instant(rs, "updated_at"),
                Scope.parse(rs.getString("scope"), Scope.GLOBAL));
    }
}
