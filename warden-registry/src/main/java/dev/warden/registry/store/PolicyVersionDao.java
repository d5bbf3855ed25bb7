package dev.warden.registry.store;

import dev.warden.storage.Times;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The version history of customer policies, on one handle. */
public final class PolicyVersionDao {
    private static final String COLUMNS = "policy_name, version, document, restores, created_at";
    private final Handle handle;

    public PolicyVersionDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(PolicyVersion v) {
        handle.createUpdate("INSERT INTO policy_versions (" + COLUMNS + ") VALUES (:n, :v, :d, :r, :t)")
                .bind("n", v.policyName())
                .bind("v", v.version())
                .bind("d", v.document())
                .bind("r", v.restores())
                .bind("t", Times.millis(v.createdAt()))
                .execute();
    }

    /** Oldest first. */
    public List<PolicyVersion> list(String policyName) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM policy_versions WHERE policy_name = :n ORDER BY version")
                .bind("n", policyName)
                .map((rs, ctx) -> {
                    int restores = rs.getInt("restores");
                    // wasNull() speaks of the last column read: asked at once.
                    Integer restored = rs.wasNull() ? null : restores;
                    return new PolicyVersion(
                            rs.getString("policy_name"),
                            rs.getInt("version"),
                            rs.getString("document"),
                            restored,
                            Times.instant(rs, "created_at"));
                })
                .list();
    }

    public Optional<PolicyVersion> latest(String policyName) {
        List<PolicyVersion> all = list(policyName);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Forgets a deleted policy's history: a new policy of the same name must not revert to it. */
    public void deleteAll(String policyName) {
        handle.createUpdate("DELETE FROM policy_versions WHERE policy_name = :n")
                .bind("n", policyName)
                .execute();
    }
}
