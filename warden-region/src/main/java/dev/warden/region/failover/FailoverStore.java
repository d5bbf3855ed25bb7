package dev.warden.region.failover;

import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.ReplicatedDevice;
import dev.warden.storage.Database;
import dev.warden.storage.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** The failover tables (V34): the standby's replicas, the failovers it serves, and the home's handed-back segments. */
public final class FailoverStore {
    /** A failover this region serves. */
    public enum State {
        /** The home region's devices are served here. */
        ACTIVE,
        /** Failback began: the devices were sent home, their data is being handed back. */
        HANDING_BACK
    }

    /** A failover as recorded. */
    public record Record(String homeRegion, State state, Instant declaredAt, String declaredBy) {}

    /** A device certificate of a failed region, revoked here in the standby while it served the region's devices. */
    public record GuestRevocation(String serial, String reason, Instant revokedAt, String revokedBy) {}

    /** The last replication of a home region's device status. */
    public record Sync(String version, int devices, Instant syncedAt) {}

    private final Database database;

    public FailoverStore(Database database) {
        this.database = database;
    }

    public Optional<Sync> sync(String home) {
        return database.read(h -> h.createQuery(
                        "SELECT version, devices, synced_at FROM region_standby_sync WHERE home_region = :home")
                .bind("home", home)
                .map((rs, ctx) -> new Sync(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3))))
                .findOne());
    }

    /** Replaces the replica of {@code home} with {@code snapshot}, in one transaction. */
    public void replaceReplica(String home, DeviceStatusSnapshot snapshot, String version, Instant now) {
        database.useTransaction(h -> {
            h.createUpdate("DELETE FROM region_standby_devices WHERE home_region = :home")
                    .bind("home", home)
                    .execute();
            h.createUpdate("DELETE FROM region_standby_policies WHERE home_region = :home")
                    .bind("home", home)
                    .execute();
            var devices = h.prepareBatch("INSERT INTO region_standby_devices (home_region, serial, fingerprint, "
                    + "thing, status, attributes, policies) VALUES (:home, :serial, :fp, :thing, :status, :attrs, "
                    + ":policies)");
            for (ReplicatedDevice d : snapshot.devices()) {
                devices.bind("home", home)
                        .bind("serial", d.serial())
                        .bind("fp", d.fingerprint())
                        .bind("thing", d.thing())
                        .bind("status", d.status())
                        .bind("attrs", Json.write(d.attributes()))
                        .bind("policies", String.join("\n", d.policies()))
                        .add();
            }
            if (!snapshot.devices().isEmpty()) {
                devices.execute();
            }
            var policies = h.prepareBatch("INSERT INTO region_standby_policies (home_region, name, document) "
                    + "VALUES (:home, :name, :doc)");
            snapshot.policies()
                    .forEach((name, doc) -> policies.bind("home", home)
                            .bind("name", name)
                            .bind("doc", doc)
                            .add());
            if (!snapshot.policies().isEmpty()) {
                policies.execute();
            }
            putSync(h, home, new Sync(version, snapshot.devices().size(), now));
        });
    }

    /** The home answered "unchanged": only the time of the last contact moves. */
    public void touch(String home, Sync sync, Instant now) {
        database.useTransaction(h -> putSync(h, home, new Sync(sync.version(), sync.devices(), now)));
    }

    private static void putSync(Handle h, String home, Sync sync) {
        h.createUpdate("DELETE FROM region_standby_sync WHERE home_region = :home")
                .bind("home", home)
                .execute();
        h.createUpdate("INSERT INTO region_standby_sync (home_region, version, devices, synced_at) "
                        + "VALUES (:home, :version, :devices, :at)")
                .bind("home", home)
                .bind("version", sync.version())
                .bind("devices", sync.devices())
                .bind("at", sync.syncedAt().toEpochMilli())
                .execute();
    }

    /** The replica of {@code home}, as last stored. */
    public DeviceStatusSnapshot replica(String home) {
        return database.read(h -> {
            List<ReplicatedDevice> devices = h.createQuery("SELECT serial, fingerprint, thing, status, attributes, "
                            + "policies FROM region_standby_devices WHERE home_region = :home ORDER BY serial")
                    .bind("home", home)
                    .map((rs, ctx) -> new ReplicatedDevice(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            Json.readMap(rs.getString(5)),
                            rs.getString(6).isEmpty()
                                    ? List.of()
                                    : Arrays.asList(rs.getString(6).split("\n"))))
                    .list();
            Map<String, String> policies = h
                    .createQuery("SELECT name, document FROM region_standby_policies WHERE home_region = :home")
                    .bind("home", home)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            return new DeviceStatusSnapshot(devices, policies);
        });
    }

    /**
     * Marks the certificate {@code serial} of {@code home} revoked in the replica and keeps the revocation for
     * failback, in one transaction. Returns the certificate's thing, or empty when the replica holds no such
     * certificate; a certificate revoked already keeps its first revocation.
     */
    public Optional<String> revokeGuest(String home, GuestRevocation revocation) {
        return database.inTransaction(h -> {
            Optional<String> thing = h.createQuery("SELECT thing FROM region_standby_devices "
                            + "WHERE home_region = :home AND serial = :serial")
                    .bind("home", home)
                    .bind("serial", revocation.serial())
                    .mapTo(String.class)
                    .findOne();
            if (thing.isEmpty()) {
                return thing;
            }
            h.createUpdate("UPDATE region_standby_devices SET status = 'REVOKED' "
                            + "WHERE home_region = :home AND serial = :serial")
                    .bind("home", home)
                    .bind("serial", revocation.serial())
                    .execute();
            boolean recorded = h.createQuery("SELECT COUNT(*) FROM region_guest_revocations "
                                    + "WHERE home_region = :home AND serial = :serial")
                            .bind("home", home)
                            .bind("serial", revocation.serial())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (!recorded) {
                h.createUpdate("INSERT INTO region_guest_revocations (home_region, serial, reason, revoked_at, "
                                + "revoked_by) VALUES (:home, :serial, :reason, :at, :by)")
                        .bind("home", home)
                        .bind("serial", revocation.serial())
                        .bind("reason", revocation.reason())
                        .bind("at", revocation.revokedAt().toEpochMilli())
                        .bind("by", revocation.revokedBy())
                        .execute();
            }
            return thing;
        });
    }

    /** The revocations made here for {@code home} that its home has not taken yet, oldest first. */
    public List<GuestRevocation> guestRevocations(String home) {
        return database.read(h -> h.createQuery("SELECT serial, reason, revoked_at, revoked_by FROM "
                        + "region_guest_revocations WHERE home_region = :home ORDER BY revoked_at, serial")
                .bind("home", home)
                .map((rs, ctx) -> new GuestRevocation(
                        rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)))
                .list());
    }

    /** Forgets revocations home has taken. */
    public void handedOver(String home, List<String> serials) {
        database.useTransaction(h -> {
            for (String serial : serials) {
                h.createUpdate("DELETE FROM region_guest_revocations WHERE home_region = :home AND serial = :serial")
                        .bind("home", home)
                        .bind("serial", serial)
                        .execute();
            }
        });
    }

    public List<Record> failovers() {
        return database.read(h -> h.createQuery(
                        "SELECT home_region, state, declared_at, declared_by FROM region_failovers ORDER BY home_region")
                .map((rs, ctx) -> new Record(
                        rs.getString(1),
                        State.valueOf(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4)))
                .list());
    }

    public Optional<Record> failover(String home) {
        return failovers().stream().filter(r -> r.homeRegion().equals(home)).findFirst();
    }

    public void putFailover(Record r) {
        database.useTransaction(h -> {
            h.createUpdate("DELETE FROM region_failovers WHERE home_region = :home")
                    .bind("home", r.homeRegion())
                    .execute();
            h.createUpdate("INSERT INTO region_failovers (home_region, state, declared_at, declared_by) "
                            + "VALUES (:home, :state, :at, :by)")
                    .bind("home", r.homeRegion())
                    .bind("state", r.state().name())
                    .bind("at", r.declaredAt().toEpochMilli())
                    .bind("by", r.declaredBy())
                    .execute();
        });
    }

    public void deleteFailover(String home) {
        database.jdbi()
                .useTransaction(h -> h.createUpdate("DELETE FROM region_failovers WHERE home_region = :home")
                        .bind("home", home)
                        .execute());
    }

    /** Whether segment {@code id} of {@code source} was handed back here already. */
    public boolean handedBack(String source, String id) {
        return database.read(h -> h.createQuery(
                                "SELECT COUNT(*) FROM region_handbacks WHERE source_region = :source AND segment_id = :id")
                        .bind("source", source)
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one()
                > 0);
    }

    public void recordHandback(String source, String id, int messages, Instant now) {
        database.jdbi()
                .useTransaction(h -> h.createUpdate("INSERT INTO region_handbacks (source_region, segment_id, "
                                + "messages, received_at) VALUES (:source, :id, :messages, :at)")
                        .bind("source", source)
                        .bind("id", id)
                        .bind("messages", messages)
                        .bind("at", now.toEpochMilli())
                        .execute());
    }
}
