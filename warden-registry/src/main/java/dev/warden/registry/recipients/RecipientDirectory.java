package dev.warden.registry.recipients;

import dev.warden.e2e.E2eException;
import dev.warden.e2e.E2eReason;
import dev.warden.e2e.PayloadSealer;
import dev.warden.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Publishes, lists and withdraws recipients. A keyset is accepted only if devices could seal to it (an HPKE public
 * keyset of the scheme, without secret material), so that a mistake is refused here, not on every device.
 */
public final class RecipientDirectory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_KEYSET = 16 * 1024;
    private static final String COLUMNS = "name, public_keyset, primary_key_id, updated_at, updated_by";

    private final Database db;
    private final String region;
    private final Clock clock;

    public RecipientDirectory(Database db, String region, Clock clock) {
        this.db = db;
        this.region = region;
        this.clock = clock;
    }

    /** Publishes (or replaces, for a rotation) {@code name}'s public keyset. */
    public Recipient put(String name, String publicKeyset, String principal) {
        requireName(name);
        if (publicKeyset == null || publicKeyset.length() > MAX_KEYSET) {
            throw new E2eException(
                    E2eReason.INVALID_KEYSET, "a public keyset of at most " + MAX_KEYSET + " characters");
        }
        PayloadSealer sealer = PayloadSealer.of(publicKeyset);
        Recipient recipient = new Recipient(
                name,
                publicKeyset,
                Integer.toUnsignedLong(sealer.keyId()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                principal);
        db.useTransaction(h -> {
            h.createUpdate("DELETE FROM e2e_recipients WHERE region = :region AND name = :name")
                    .bind("region", region)
                    .bind("name", name)
                    .execute();
            h.createUpdate("INSERT INTO e2e_recipients (region, " + COLUMNS + ") VALUES (:region, :name, :keyset,"
                            + " :keyId, :at, :by)")
                    .bind("region", region)
                    .bind("name", name)
                    .bind("keyset", publicKeyset)
                    .bind("keyId", recipient.primaryKeyId())
                    .bind("at", recipient.updatedAt().toEpochMilli())
                    .bind("by", principal)
                    .execute();
        });
        return recipient;
    }

    public Optional<Recipient> find(String name) {
        requireName(name);
        return db.read(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM e2e_recipients WHERE region = :region" + " AND name = :name")
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    public List<Recipient> list() {
        return db.read(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM e2e_recipients WHERE region = :region" + " ORDER BY name")
                .bind("region", region)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /** Withdraws {@code name}: devices get no key for it any more. False when there was none. */
    public boolean delete(String name) {
        requireName(name);
        return db.inTransaction(
                        h -> h.createUpdate("DELETE FROM e2e_recipients WHERE region = :region AND name = :name")
                                .bind("region", region)
                                .bind("name", name)
                                .execute())
                == 1;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new E2eException(E2eReason.INVALID_NAME, "a recipient name is 1-64 characters of A-Z a-z 0-9 _ . -");
        }
    }

    private static Recipient row(ResultSet rs) throws SQLException {
        return new Recipient(
                rs.getString("name"),
                rs.getString("public_keyset"),
                rs.getLong("primary_key_id"),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("updated_by"));
    }
}
