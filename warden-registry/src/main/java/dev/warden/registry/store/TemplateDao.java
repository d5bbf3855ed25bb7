package dev.warden.registry.store;

import dev.warden.storage.Json;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Provisioning templates, on one handle. */
public final class TemplateDao {
    private static final String COLUMNS = "name, name_pattern, thing_type, attributes, allowed_regions, policy_name, "
            + "initial_status, hook_type, hook_config, enabled, created_at";
    private final Handle handle;

    public TemplateDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(ProvisioningTemplate t) {
        if (find(t.name()).isPresent()) {
            throw new StorageException(StorageReason.ALREADY_EXISTS, "template '" + t.name() + "' already exists");
        }
        handle.createUpdate(
                        "INSERT INTO provisioning_templates (" + COLUMNS + ") VALUES (:name, :pattern, :type, :attrs, "
                                + ":regions, :policy, :initial, :hookType, :hookConfig, :enabled, :created)")
                .bind("name", t.name())
                .bind("pattern", t.namePattern())
                .bind("type", t.thingType())
                .bind("attrs", Json.write(t.attributes()))
                .bind("regions", Json.write(t.allowedRegions()))
                .bind("policy", t.policyName())
                .bind("initial", t.initialStatus().name())
                .bind("hookType", t.hookType().name())
                .bind("hookConfig", t.hookConfig())
                .bind("enabled", t.enabled() ? 1 : 0)
                .bind("created", Times.millis(t.createdAt()))
                .execute();
    }

    public Optional<ProvisioningTemplate> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM provisioning_templates WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<ProvisioningTemplate> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM provisioning_templates ORDER BY name")
                .map((rs, ctx) -> map(rs))
                .list();
    }

    public boolean delete(String name) {
        return handle.createUpdate("DELETE FROM provisioning_templates WHERE name = :name")
                        .bind("name", name)
                        .execute()
                == 1;
    }

    private static ProvisioningTemplate map(ResultSet rs) throws SQLException {
        return new ProvisioningTemplate(
                rs.getString("name"),
                rs.getString("name_pattern"),
                rs.getString("thing_type"),
                Json.readMap(rs.getString("attributes")),
                Json.readList(rs.getString("allowed_regions")),
                rs.getString("policy_name"),
                CertificateStatus.valueOf(rs.getString("initial_status")),
                ProvisioningTemplate.HookType.valueOf(rs.getString("hook_type")),
                rs.getString("hook_config"),
                rs.getInt("enabled") == 1,
                Times.instant(rs, "created_at"));
    }
}
