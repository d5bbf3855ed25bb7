package dev.warden.registry.store;

import dev.warden.storage.Json;
import dev.warden.storage.SqlErrors;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import dev.warden.storage.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Things, on one handle (so that callers compose them in one transaction). */
public final class ThingDao {
    private static final String COLUMNS = "name, region, account, thing_type, attributes, created_at";
    private final Handle handle;

    public ThingDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Inserts a thing; a duplicate name is refused with {@link StorageReason#ALREADY_EXISTS} (on PostgreSQL the
     * transaction has then failed, and can only roll back). The primary key decides, not a read before the write: in
     * a serializable PostgreSQL transaction a read of the name (also the one INSERT .. ON CONFLICT makes) conflicts
     * with every concurrent registration whose name falls on the same index page, and one of the two is retried.
     */
    public void insert(Thing thing) {
        try {
            handle.createUpdate("INSERT INTO things (" + COLUMNS
                            + ") VALUES (:name, :region, :account, :type, :attrs, :created)")
                    .bind("name", thing.name())
                    .bind("region", thing.region())
                    .bind("account", thing.account())
                    .bind("type", thing.thingType())
                    .bind("attrs", Json.write(thing.attributes()))
                    .bind("created", Times.millis(thing.createdAt()))
                    .execute();
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new StorageException(StorageReason.ALREADY_EXISTS, "thing '" + thing.name() + "' already exists");
            }
            throw e;
        }
    }

    public Optional<Thing> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM things WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<Thing> list(int limit, String after) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM things WHERE name > :after ORDER BY name LIMIT :limit")
                .bind("after", after == null ? "" : after)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /**
     * The things {@code filter} selects, after {@code after} in name order: a keyset page on the primary key, as fast
     * at the millionth thing as at the first. The prefix is matched literally and with its case, on SQLite as on
     * PostgreSQL ({@code %} and {@code _} are characters, and SQLite's case-blind LIKE is not used).
     */
    public List<Thing> search(ThingFilter filter, int limit, String after) {
        String prefix = filter.namePrefix();
        // One lower bound, where the primary key's index starts: the prefix on a first page (from the first name, a
        // prefix late in the order read 100,000 things first; with both bounds SQLite starts at the looser one), the
        // cursor on the next ones (a name with the prefix, so past it). No upper bound: under a PostgreSQL locale's
        // collation the names with a prefix need not all sort below the prefix's successor.
        boolean fromPrefix = !prefix.isEmpty() && (after == null || after.isEmpty());
        StringBuilder sql = new StringBuilder(
                "SELECT " + COLUMNS + " FROM things WHERE " + (fromPrefix ? "name >= :prefix" : "name > :after"));
        if (!prefix.isEmpty()) {
            sql.append(" AND substr(name, 1, :length) = :prefix");
        }
        if (filter.thingType() != null) {
            sql.append(" AND thing_type = :type");
        }
        for (int i = 0; i < filter.groups().size(); i++) {
            sql.append(" AND name IN (SELECT thing_name FROM thing_group_members WHERE group_name = :group")
                    .append(i)
                    .append(')');
        }
        var query = handle.createQuery(sql.append(" ORDER BY name LIMIT :limit").toString())
                .bind("limit", limit);
        if (!fromPrefix) {
            query.bind("after", after == null ? "" : after);
        }
        if (!prefix.isEmpty()) {
            query.bind("prefix", prefix).bind("length", prefix.codePointCount(0, prefix.length()));
        }
        if (filter.thingType() != null) {
            query.bind("type", filter.thingType());
        }
        for (int i = 0; i < filter.groups().size(); i++) {
            query.bind("group" + i, filter.groups().get(i));
        }
        return query.map((rs, ctx) -> map(rs)).list();
    }

    public long count() {
        return handle.createQuery("SELECT COUNT(*) FROM things")
                .mapTo(Long.class)
                .one();
    }

    public boolean delete(String name) {
        return handle.createUpdate("DELETE FROM things WHERE name = :name")
                        .bind("name", name)
                        .execute()
                == 1;
    }

    private static Thing map(ResultSet rs) throws SQLException {
        return new Thing(
                rs.getString("name"),
                rs.getString("region"),
                rs.getString("account"),
                rs.getString("thing_type"),
                Json.readMap(rs.getString("attributes")),
                Times.instant(rs, "created_at"));
    }
}
