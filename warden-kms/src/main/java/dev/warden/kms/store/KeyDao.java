package dev.warden.kms.store;

import dev.warden.kms.KeyOrigin;
import dev.warden.kms.KeySpec;
import dev.warden.kms.KeyState;
import dev.warden.kms.KeyUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code kms_keys}. */
public final class KeyDao {
    private static final String COLUMNS =
            "arn, region, account, name, description, key_spec, key_usage, status, master_key_id, "
                    + "encrypted_keyset, primary_version, versions, created_at, rotated_at, deletion_at, key_origin, "
                    + "hsm_key_label, public_key";

    private final Handle handle;

    public KeyDao(Handle handle) {
        this.handle = handle;
    }

    public void insert(KeyRow row) {
        handle.createUpdate("INSERT INTO kms_keys (" + COLUMNS + ") VALUES (:arn, :region, :account, :name, "
                        + ":description, :keySpec, :keyUsage, :status, :masterKeyId, :keyset, :primaryVersion, :versions, :createdAt, "
                        + ":rotatedAt, :deletionAt, :origin, :hsmKeyLabel, :publicKey)")
                .bind("arn", row.arn())
                .bind("region", row.region())
                .bind("account", row.account())
                .bind("name", row.name())
                .bind("description", row.description())
                .bind("keySpec", row.keySpec().name())
                .bind("keyUsage", row.keyUsage().name())
                .bind("status", row.state().name())
                .bind("masterKeyId", row.masterKeyId())
                .bind("keyset", row.encryptedKeyset())
                .bind("primaryVersion", row.primaryVersion())
                .bind("versions", row.versions())
                .bind("createdAt", row.createdAt().toEpochMilli())
                .bind("rotatedAt", millis(row.rotatedAt()))
                .bind("deletionAt", millis(row.deletionAt()))
                .bind("origin", row.origin().name())
                .bind("hsmKeyLabel", row.hsmKeyLabel())
                .bind("publicKey", row.publicKey())
                .execute();
    }

    public Optional<KeyRow> findByArn(String arn) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM kms_keys WHERE arn = :arn")
                .bind("arn", arn)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    public Optional<KeyRow> findByName(String region, String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM kms_keys WHERE region = :region AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    public List<KeyRow> list(String region) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM kms_keys WHERE region = :region ORDER BY name")
                .bind("region", region)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    public void updateKeyset(String arn, String encryptedKeyset, int primaryVersion, int versions, Instant rotatedAt) {
        handle.createUpdate("UPDATE kms_keys SET encrypted_keyset = :keyset, primary_version = :primaryVersion, "
                        + "versions = :versions, rotated_at = :rotatedAt WHERE arn = :arn")
                .bind("keyset", encryptedKeyset)
                .bind("primaryVersion", primaryVersion)
                .bind("versions", versions)
                .bind("rotatedAt", millis(rotatedAt))
                .bind("arn", arn)
                .execute();
    }

    /** Moves a keyset under another master key, only if it is still under {@code fromMasterKeyId}. */
    public boolean updateMasterKey(String arn, String fromMasterKeyId, String toMasterKeyId, String encryptedKeyset) {
        return handle.createUpdate("UPDATE kms_keys SET encrypted_keyset = :keyset, master_key_id = :to "
                                + "WHERE arn = :arn AND master_key_id = :from")
                        .bind("keyset", encryptedKeyset)
                        .bind("to", toMasterKeyId)
                        .bind("arn", arn)
                        .bind("from", fromMasterKeyId)
                        .execute()
                == 1;
    }

    public void updateState(String arn, KeyState state, Instant deletionAt) {
        handle.createUpdate("UPDATE kms_keys SET status = :status, deletion_at = :deletionAt WHERE arn = :arn")
                .bind("status", state.name())
                .bind("deletionAt", millis(deletionAt))
                .bind("arn", arn)
                .execute();
    }

    /**
     * Marks a key deleted and drops its keyset (or, for an HSM key whose token object was destroyed, its label): from
     * here on nothing encrypted under it can be recovered, nothing is signed with it. The public key stays.
     */
    public void purge(String arn) {
        handle.createUpdate("UPDATE kms_keys SET status = :status, encrypted_keyset = NULL, hsm_key_label = NULL "
                        + "WHERE arn = :arn")
                .bind("status", KeyState.DELETED.name())
                .bind("arn", arn)
                .execute();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static KeyRow row(ResultSet rs) throws SQLException {
        return new KeyRow(
                rs.getString("arn"),
                rs.getString("region"),
                rs.getString("account"),
                rs.getString("name"),
                rs.getString("description"),
                KeySpec.valueOf(rs.getString("key_spec")),
                KeyUsage.valueOf(rs.getString("key_usage")),
                KeyState.valueOf(rs.getString("status")),
                rs.getString("master_key_id"),
                rs.getString("encrypted_keyset"),
                rs.getInt("primary_version"),
                rs.getInt("versions"),
                instant(rs, "created_at"),
                instant(rs, "rotated_at"),
                instant(rs, "deletion_at"),
                KeyOrigin.valueOf(rs.getString("key_origin")),
                rs.getString("hsm_key_label"),
                rs.getString("public_key"));
    }
}
