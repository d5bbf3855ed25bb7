package dev.warden.kms.store;

import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretArns;
import dev.warden.kms.SecretLabel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code kms_secrets}, {@code kms_secret_versions} and {@code kms_secret_labels}. */
public final class SecretDao {
    private static final String COLUMNS =
            "region, name, arn, secret_id, key_arn, description, created_at, updated_at, rotated_at";

    private final Handle handle;

    public SecretDao(Handle handle) {
        this.handle = handle;
    }

    public Optional<SecretRow> find(String region, String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM kms_secrets WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    public List<SecretRow> list(String region) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM kms_secrets WHERE region = :region ORDER BY name")
                .bind("region", region)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    public void insert(SecretRow row) {
        handle.createUpdate("INSERT INTO kms_secrets (" + COLUMNS + ") VALUES (:region, :name, :arn, :secretId, "
                        + ":keyArn, :description, :createdAt, :updatedAt, NULL)")
                .bind("region", row.region())
                .bind("name", row.name())
                .bind("arn", row.arn())
                .bind("secretId", row.secretId())
                .bind("keyArn", row.keyArn())
                .bind("description", row.description())
                .bind("createdAt", row.createdAt().toEpochMilli())
                .bind("updatedAt", row.updatedAt().toEpochMilli())
                .execute();
    }

    public void touch(String region, String name, Instant updatedAt, boolean rotated) {
        handle.createUpdate("UPDATE kms_secrets SET updated_at = :now" + (rotated ? ", rotated_at = :now" : "")
                        + " WHERE region = :region AND name = :name")
                .bind("now", updatedAt.toEpochMilli())
                .bind("region", region)
                .bind("name", name)
                .execute();
    }

    public void insertVersion(String region, String name, String versionId, String ciphertext, Instant now) {
        handle.createUpdate("INSERT INTO kms_secret_versions (region, name, version_id, ciphertext, created_at) "
                        + "VALUES (:region, :name, :versionId, :ciphertext, :now)")
                .bind("region", region)
                .bind("name", name)
                .bind("versionId", versionId)
                .bind("ciphertext", ciphertext)
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** The version's ciphertext and creation time, if it exists. */
    public Optional<StoredVersion> findVersion(String region, String name, String versionId) {
        return handle.createQuery("SELECT ciphertext, created_at FROM kms_secret_versions "
                        + "WHERE region = :region AND name = :name AND version_id = :versionId")
                .bind("region", region)
                .bind("name", name)
                .bind("versionId", versionId)
                .map((rs, ctx) -> new StoredVersion(versionId, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .findOne();
    }

    public int countVersions(String region, String name) {
        return handle.createQuery("SELECT COUNT(*) FROM kms_secret_versions WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .mapTo(Integer.class)
                .one();
    }

    public Map<SecretLabel, String> labels(String region, String name) {
        Map<SecretLabel, String> labels = new EnumMap<>(SecretLabel.class);
        handle.createQuery("SELECT label, version_id FROM kms_secret_labels WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> Map.entry(SecretLabel.valueOf(rs.getString(1)), rs.getString(2)))
                .forEach(e -> labels.put(e.getKey(), e.getValue()));
        return labels;
    }

    public void setLabel(String region, String name, SecretLabel label, String versionId) {
        removeLabel(region, name, label);
        handle.createUpdate("INSERT INTO kms_secret_labels (region, name, label, version_id) "
                        + "VALUES (:region, :name, :label, :versionId)")
                .bind("region", region)
                .bind("name", name)
                .bind("label", label.name())
                .bind("versionId", versionId)
                .execute();
    }

    public void removeLabel(String region, String name, SecretLabel label) {
        handle.createUpdate("DELETE FROM kms_secret_labels WHERE region = :region AND name = :name AND label = :label")
                .bind("region", region)
                .bind("name", name)
                .bind("label", label.name())
                .execute();
    }

    public void delete(String region, String name) {
        for (String table : List.of("kms_secret_labels", "kms_secret_versions", "kms_secrets")) {
            handle.createUpdate("DELETE FROM " + table + " WHERE region = :region AND name = :name")
                    .bind("region", region)
                    .bind("name", name)
                    .execute();
        }
    }

    private static SecretRow row(ResultSet rs) throws SQLException {
        long rotated = rs.getLong("rotated_at");
        Instant rotatedAt = rs.wasNull() ? null : Instant.ofEpochMilli(rotated);
        return new SecretRow(
                rs.getString("region"),
                rs.getString("name"),
                SecretArns.readable(rs.getString("arn")),
                rs.getString("secret_id"),
                rs.getString("key_arn"),
                rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rotatedAt);
    }

    /** A stored version: its ciphertext is base64 of a {@link KeyManagementService#encrypt} result. */
    public record StoredVersion(String versionId, String ciphertext, Instant createdAt) {}
}
