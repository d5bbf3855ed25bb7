package dev.warden.region.store;

import dev.warden.region.core.ChangeEntry;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import dev.warden.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads and writes the region tables; a method that takes a {@link Handle} joins the caller's transaction. */
public final class RegionStore {
    private final Database database;

    public RegionStore(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    /** The control region's token key as this member received it (JSON), or empty. */
    public String tokenKey() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT token_key FROM region_deployment WHERE id = 1")
                        .mapTo(String.class)
                        .findOne()
                        .orElse(""));
    }

    public void tokenKey(Handle handle, String json) {
        handle.createUpdate("UPDATE region_deployment SET token_key = :key WHERE id = 1")
                .bind("key", json)
                .execute();
    }

    public Optional<Deployment> deployment() {
        return database.jdbi().withHandle(this::deployment);
    }

    public Optional<Deployment> deployment(Handle handle) {
        return handle.createQuery("SELECT role, deployment, control_region, audit_region, iam_public_key, applied_seq,"
                        + " applied_hash, control_seq, last_contact, created_at FROM region_deployment WHERE id = 1")
                .map((rs, ctx) -> new Deployment(
                        Deployment.Role.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getString(7),
                        rs.getLong(8),
                        Instant.ofEpochMilli(rs.getLong(9)),
                        Instant.ofEpochMilli(rs.getLong(10))))
                .findOne();
    }

    public void createDeployment(Handle handle, Deployment d) {
        handle.createUpdate("INSERT INTO region_deployment (id, role, deployment, control_region, audit_region,"
                        + " iam_public_key, applied_seq, applied_hash, control_seq, last_contact, created_at)"
                        + " VALUES (1, :role, :id, :control, :audit, :key, :seq, :hash, :cseq, :contact, :created)")
                .bind("role", d.role().name())
                .bind("id", d.id())
                .bind("control", d.controlRegion())
                .bind("audit", d.auditRegion())
                .bind("key", d.iamPublicKey())
                .bind("seq", d.appliedSeq())
                .bind("hash", d.appliedHash())
                .bind("cseq", d.controlSeq())
                .bind("contact", d.lastContact().toEpochMilli())
                .bind("created", d.createdAt().toEpochMilli())
                .execute();
    }

    /** Names the deployment's audit region (the control region decides it; members copy it with the membership). */
    public void auditRegion(Handle handle, String region) {
        handle.createUpdate("UPDATE region_deployment SET audit_region = :audit WHERE id = 1")
                .bind("audit", region)
                .execute();
    }

    /** Records the change log position this node has applied. */
    public void applied(Handle handle, long seq, String hash) {
        handle.createUpdate("UPDATE region_deployment SET applied_seq = :seq, applied_hash = :hash WHERE id = 1")
                .bind("seq", seq)
                .bind("hash", hash)
                .execute();
    }

    /** Records a successful contact with the control region and its last sequence number. */
    public void contact(long controlSeq, Instant at) {
        database.jdbi()
                .useHandle(h -> h.createUpdate(
                                "UPDATE region_deployment SET control_seq = :seq, last_contact = :at WHERE id = 1")
                        .bind("seq", controlSeq)
                        .bind("at", at.toEpochMilli())
                        .execute());
    }

    /** Leaves the deployment: the node is on its own again (its replicated IAM stays, no longer updated). */
    public void dropDeployment(Handle handle) {
        handle.execute("DELETE FROM region_deployment");
        handle.execute("DELETE FROM region_members");
        handle.execute("DELETE FROM region_join_tokens");
        handle.execute("DELETE FROM region_cross_certificates");
    }

    /** The cross certificate (PEM) of {@code region}'s root under the deployment root, if one is kept. */
    public Optional<String> crossCertificate(String region) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT cross_pem FROM region_cross_certificates WHERE region = :region")
                        .bind("region", region)
                        .mapTo(String.class)
                        .findOne());
    }

    /** Keeps (or replaces) {@code region}'s cross certificate. */
    public void putCrossCertificate(Handle handle, String region, String pem, Instant issuedAt) {
        forgetCrossCertificate(handle, region);
        handle.createUpdate("INSERT INTO region_cross_certificates (region, cross_pem, issued_at)"
                        + " VALUES (:region, :pem, :at)")
                .bind("region", region)
                .bind("pem", pem)
                .bind("at", issuedAt.toEpochMilli())
                .execute();
    }

    public void forgetCrossCertificate(Handle handle, String region) {
        handle.createUpdate("DELETE FROM region_cross_certificates WHERE region = :region")
                .bind("region", region)
                .execute();
    }

    public List<Member> members() {
        return database.jdbi().withHandle(this::members);
    }

    public List<Member> members(Handle handle) {
        return handle.createQuery(
                        "SELECT region, node, link_url, mqtt_url, root_pem, status, joined_at, standby FROM region_members"
                                + " ORDER BY region")
                .map((rs, ctx) -> new Member(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        Member.Status.valueOf(rs.getString(6)),
                        Instant.ofEpochMilli(rs.getLong(7)),
                        rs.getString(8)))
                .list();
    }

    /** Adds or replaces a member. */
    public void putMember(Handle handle, Member m) {
        handle.createUpdate("DELETE FROM region_members WHERE region = :region")
                .bind("region", m.region())
                .execute();
        handle.createUpdate("INSERT INTO region_members (region, node, link_url, mqtt_url, root_pem, status, joined_at,"
                        + " standby) VALUES (:region, :node, :url, :mqtt, :root, :status, :joined, :standby)")
                .bind("region", m.region())
                .bind("node", m.node())
                .bind("url", m.linkUrl())
                .bind("mqtt", m.mqttUrl())
                .bind("root", m.rootPem())
                .bind("status", m.status().name())
                .bind("joined", m.joinedAt().toEpochMilli())
                .bind("standby", m.standby())
                .execute();
    }

    public void addToken(String secretHash, String region, Instant expiresAt, Instant createdAt) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("INSERT INTO region_join_tokens (secret_hash, region,"
                                + " expires_at, used_at, created_at) VALUES (:hash, :region, :expires, 0, :created)")
                        .bind("hash", secretHash)
                        .bind("region", region)
                        .bind("expires", expiresAt.toEpochMilli())
                        .bind("created", createdAt.toEpochMilli())
                        .execute());
    }

    /**
     * Marks the token used if it is unused, unexpired and made for {@code region}; true when it was. One statement,
     * so that two joins racing on one token cannot both win.
     */
    public boolean useToken(Handle handle, String secretHash, String region, Instant now) {
        return handle.createUpdate("UPDATE region_join_tokens SET used_at = :now WHERE secret_hash = :hash"
                                + " AND region = :region AND used_at = 0 AND expires_at > :now")
                        .bind("now", now.toEpochMilli())
                        .bind("hash", secretHash)
                        .bind("region", region)
                        .execute()
                == 1;
    }

    /** Forgets this node's own change log: it follows another region's from now on. */
    public void clearChanges(Handle handle) {
        handle.execute("DELETE FROM region_iam_changes");
    }

    public void appendChange(Handle handle, ChangeEntry e) {
        handle.createUpdate("INSERT INTO region_iam_changes (seq, prev_hash, hash, body, signature, created_at)"
                        + " VALUES (:seq, :prev, :hash, :body, :sig, :created)")
                .bind("seq", e.seq())
                .bind("prev", e.prevHash())
                .bind("hash", e.hash())
                .bind("body", e.body())
                .bind("sig", e.signature())
                .bind("created", e.createdAt().toEpochMilli())
                .execute();
    }

    /** Up to {@code limit} changes after {@code seq}, in order. */
    public List<ChangeEntry> changesAfter(long seq, int limit) {
        return database.jdbi().withHandle(h -> changesAfter(h, seq, limit));
    }

    public List<ChangeEntry> changesAfter(Handle handle, long seq, int limit) {
        return handle.createQuery("SELECT seq, prev_hash, hash, body, signature, created_at FROM region_iam_changes"
                        + " WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", seq)
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list();
    }

    /** The last change written, if any. */
    public Optional<ChangeEntry> lastChange(Handle handle) {
        List<ChangeEntry> last = handle.createQuery("SELECT seq, prev_hash, hash, body, signature, created_at"
                        + " FROM region_iam_changes ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> entry(rs))
                .list();
        return last.stream().findFirst();
    }

    /** The residency table as stored (a member's copy of the control region's). */
    public Jurisdictions jurisdictions() {
        return database.jdbi().withHandle(h -> {
            java.util.Map<String, String> byRegion = new java.util.TreeMap<>();
            h.createQuery("SELECT region, jurisdiction FROM region_jurisdictions")
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> byRegion.put(e.getKey(), e.getValue()));
            return Jurisdictions.of(byRegion);
        });
    }

    /** Replaces the whole residency table: it is always written, and sent, as one. */
    public void replaceJurisdictions(Handle handle, Jurisdictions table, Instant at) {
        handle.execute("DELETE FROM region_jurisdictions");
        table.byRegion()
                .forEach((region, jurisdiction) -> handle.createUpdate(
                                "INSERT INTO region_jurisdictions (region, jurisdiction, updated_at) VALUES (:r, :j, :at)")
                        .bind("r", region)
                        .bind("j", jurisdiction)
                        .bind("at", at.toEpochMilli())
                        .execute());
    }

    private static ChangeEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ChangeEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)));
    }
}
