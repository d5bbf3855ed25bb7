package dev.warden.kms.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes {@code kms_data_keys} and {@code kms_shredded_owners}. */
public final class DataKeyDao {
    private final Handle handle;

    public DataKeyDao(Handle handle) {
        this.handle = handle;
    }

    public Optional<DataKeyRow> find(String region, String owner, String keyArn) {
        return handle.createQuery("SELECT region, owner, key_arn, kek_version, wrapped_key FROM kms_data_keys "
                        + "WHERE region = :region AND owner = :owner AND key_arn = :arn")
                .bind("region", region)
                .bind("owner", owner)
                .bind("arn", keyArn)
                .map((rs, ctx) -> new DataKeyRow(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)))
                .findOne();
    }

    public void insert(DataKeyRow row, Instant now) {
        handle.createUpdate("INSERT INTO kms_data_keys (region, owner, key_arn, kek_version, wrapped_key, created_at) "
                        + "VALUES (:region, :owner, :arn, :version, :wrapped, :now)")
                .bind("region", row.region())
                .bind("owner", row.owner())
                .bind("arn", row.keyArn())
                .bind("version", row.kekVersion())
                .bind("wrapped", row.wrappedKey())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /** Data keys of {@code keyArn} not yet wrapped by {@code version}, owners after {@code afterOwner}, at most {@code limit} of them. */
    public List<DataKeyRow> wrappedByOtherVersion(String keyArn, int version, String afterOwner, int limit) {
        return handle.createQuery(
                        "SELECT region, owner, key_arn, kek_version, wrapped_key FROM kms_data_keys "
                                + "WHERE key_arn = :arn AND kek_version <> :version AND owner > :after ORDER BY owner LIMIT :limit")
                .bind("arn", keyArn)
                .bind("version", version)
                .bind("after", afterOwner)
                .bind("limit", limit)
                .map((rs, ctx) -> new DataKeyRow(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)))
                .list();
    }

    /** Replaces a wrapping only if nobody changed it since it was read (the rewrap job may race a destroy). */
    public boolean rewrap(DataKeyRow old, int version, String wrapped, Instant now) {
        return handle.createUpdate("UPDATE kms_data_keys SET kek_version = :version, wrapped_key = :wrapped, "
                                + "rewrapped_at = :now WHERE region = :region AND owner = :owner AND key_arn = :arn "
                                + "AND kek_version = :oldVersion")
                        .bind("version", version)
                        .bind("wrapped", wrapped)
                        .bind("now", now.toEpochMilli())
                        .bind("region", old.region())
                        .bind("owner", old.owner())
                        .bind("arn", old.keyArn())
                        .bind("oldVersion", old.kekVersion())
                        .execute()
                == 1;
    }

    public int deleteOwner(String region, String owner) {
        return handle.createUpdate("DELETE FROM kms_data_keys WHERE region = :region AND owner = :owner")
                .bind("region", region)
                .bind("owner", owner)
                .execute();
    }

    public int deleteForKey(String keyArn) {
        return handle.createUpdate("DELETE FROM kms_data_keys WHERE key_arn = :arn")
                .bind("arn", keyArn)
                .execute();
    }

    public boolean isShredded(String region, String owner) {
        return handle.createQuery("SELECT 1 FROM kms_shredded_owners WHERE region = :region AND owner = :owner")
                .bind("region", region)
                .bind("owner", owner)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public void markShredded(String region, String owner, Instant now) {
        if (!isShredded(region, owner)) {
            handle.createUpdate("INSERT INTO kms_shredded_owners (region, owner, destroyed_at) "
                            + "VALUES (:region, :owner, :now)")
                    .bind("region", region)
                    .bind("owner", owner)
                    .bind("now", now.toEpochMilli())
                    .execute();
        }
    }
}
