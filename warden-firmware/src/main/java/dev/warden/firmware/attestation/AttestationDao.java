package dev.warden.firmware.attestation;

import dev.warden.tuf.version.FirmwareVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Rows of {@code firmware_attestation_nonces} and {@code firmware_attestations} for one region. */
final class AttestationDao {
    private static final String COLUMNS = "thing, at, reason, message, thing_type, version, digest, min_version";

    private final Handle h;
    private final String region;

    AttestationDao(Handle h, String region) {
        this.h = h;
        this.region = region;
    }

    void insertNonce(AttestationNonce n) {
        h.createUpdate("INSERT INTO firmware_attestation_nonces (region, nonce, thing, issued_at, expires_at, used)"
                        + " VALUES (:region, :nonce, :thing, :issued, :expires, 0)")
                .bind("region", region)
                .bind("nonce", n.value())
                .bind("thing", n.thing())
                .bind("issued", n.issuedAt().toEpochMilli())
                .bind("expires", n.expiresAt().toEpochMilli())
                .execute();
    }

    Optional<AttestationNonce> nonce(String value) {
        return h.createQuery("SELECT nonce, thing, issued_at, expires_at, used FROM firmware_attestation_nonces"
                        + " WHERE region = :region AND nonce = :nonce")
                .bind("region", region)
                .bind("nonce", value)
                .map((rs, ctx) -> new AttestationNonce(
                        rs.getString("nonce"),
                        rs.getString("thing"),
                        Instant.ofEpochMilli(rs.getLong("issued_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")),
                        rs.getInt("used") != 0))
                .findOne();
    }

    /** Spends a nonce; false when another report spent it first. */
    boolean spend(String value) {
        return h.createUpdate("UPDATE firmware_attestation_nonces SET used = 1 WHERE region = :region"
                                + " AND nonce = :nonce AND used = 0")
                        .bind("region", region)
                        .bind("nonce", value)
                        .execute()
                == 1;
    }

    /** Forgets a thing's nonces that expired before {@code before}. */
    void forgetNonces(String thing, Instant before) {
        h.createUpdate("DELETE FROM firmware_attestation_nonces WHERE region = :region AND thing = :thing"
                        + " AND expires_at < :before")
                .bind("region", region)
                .bind("thing", thing)
                .bind("before", before.toEpochMilli())
                .execute();
    }

    /** Withdraws all but the newest {@code keep - 1} unused nonces of a thing, so that one more fits. */
    void withdrawOldest(String thing, Instant now, int keep) {
        var outstanding = h.createQuery("SELECT nonce FROM firmware_attestation_nonces WHERE region = :region"
                        + " AND thing = :thing AND used = 0 AND expires_at > :now ORDER BY issued_at DESC")
                .bind("region", region)
                .bind("thing", thing)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .list();
        for (String old : outstanding.subList(Math.min(keep - 1, outstanding.size()), outstanding.size())) {
            h.createUpdate("DELETE FROM firmware_attestation_nonces WHERE region = :region AND nonce = :nonce")
                    .bind("region", region)
                    .bind("nonce", old)
                    .execute();
        }
    }

    void insert(Attestation a, FirmwareVersion min) {
        long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM firmware_attestations WHERE region = :region"
                                + " AND thing = :thing")
                        .bind("region", region)
                        .bind("thing", a.thing())
                        .mapTo(Long.class)
                        .one()
                + 1;
        h.createUpdate("INSERT INTO firmware_attestations (region, id, seq, verdict, min_sort_key, " + COLUMNS + ")"
                        + " VALUES (:region, :id, :seq, :verdict, :minSort, :thing, :at, :reason, :message, :type,"
                        + " :version, :digest, :min)")
                .bind("region", region)
                .bind("seq", seq)
                .bind("id", UUID.randomUUID().toString())
                .bind("verdict", a.accepted() ? "VERIFIED" : "FAILED")
                .bind("minSort", min == null ? null : min.sortKey())
                .bind("thing", a.thing())
                .bind("at", a.at().toEpochMilli())
                .bind("reason", a.reason().name())
                .bind("message", a.message())
                .bind("type", a.thingType())
                .bind("version", a.version())
                .bind("digest", a.digest())
                .bind("min", a.minVersion())
                .execute();
    }

    /** The highest floor of the thing's accepted reports. */
    Optional<FirmwareVersion> minimum(String thing) {
        return h.createQuery("SELECT min_version FROM firmware_attestations WHERE region = :region AND thing = :thing"
                        + " AND verdict = 'VERIFIED' ORDER BY min_sort_key DESC LIMIT 1")
                .bind("region", region)
                .bind("thing", thing)
                .mapTo(String.class)
                .findOne()
                .map(FirmwareVersion::parse);
    }

    Optional<Attestation> last(String thing, boolean verifiedOnly) {
        return h.createQuery("SELECT " + COLUMNS + " FROM firmware_attestations WHERE region = :region"
                        + " AND thing = :thing" + (verifiedOnly ? " AND verdict = 'VERIFIED'" : "")
                        + " ORDER BY seq DESC LIMIT 1")
                .bind("region", region)
                .bind("thing", thing)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** Each thing's last report, by thing name. */
    List<Attestation> lastPerThing() {
        return h.createQuery("SELECT " + COLUMNS + " FROM firmware_attestations a WHERE region = :region AND seq ="
                        + " (SELECT MAX(seq) FROM firmware_attestations b WHERE b.region = a.region"
                        + " AND b.thing = a.thing) ORDER BY thing")
                .bind("region", region)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    private static Attestation row(ResultSet rs) throws SQLException {
        return new Attestation(
                rs.getString("thing"),
                Instant.ofEpochMilli(rs.getLong("at")),
                AttestationReason.valueOf(rs.getString("reason")),
                rs.getString("message"),
                rs.getString("thing_type"),
                rs.getString("version"),
                rs.getString("digest"),
                rs.getString("min_version"));
    }
}
