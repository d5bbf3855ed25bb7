package dev.warden.registry.residency;

import dev.warden.registry.ThingPolicyCache;
import dev.warden.storage.Database;
import dev.warden.storage.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * This region's device certificates, their status, their things' attributes and the policies attached to each thing
 * (directly or through its thing groups), read in a few set queries, for the standby that replicates them. Claim,
 * server and service certificates are left out: a standby serves devices only.
 */
public final class DeviceStatusExport {
    private final Database database;

    public DeviceStatusExport(Database database) {
        this.database = database;
    }

    public DeviceStatusSnapshot snapshot() {
        return database.read(h -> {
            Map<String, TreeSet<String>> policiesOf = policiesByThing(h);
            List<ReplicatedDevice> devices = h.createQuery("SELECT c.serial, c.fingerprint, c.status, c.thing_name, "
                            + "t.attributes FROM certificates c JOIN things t ON t.name = c.thing_name "
                            + "WHERE c.kind = 'DEVICE' ORDER BY c.serial")
                    .map((rs, ctx) -> new ReplicatedDevice(
                            new BigInteger(rs.getString(1), 16).toString(16),
                            rs.getString(2).toLowerCase(java.util.Locale.ROOT),
                            rs.getString(4),
                            rs.getString(3),
                            Json.readMap(rs.getString(5)),
                            List.copyOf(policiesOf.getOrDefault(rs.getString(4), new TreeSet<>()))))
                    .list();
            TreeSet<String> named = new TreeSet<>();
            devices.forEach(d -> named.addAll(d.policies()));
            Map<String, String> documents = new TreeMap<>();
            h.createQuery("SELECT name, document FROM policies ORDER BY name")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> {
                        if (named.contains(e.getKey())) {
                            documents.put(e.getKey(), e.getValue());
                        }
                    });
            return new DeviceStatusSnapshot(devices, documents);
        });
    }

    private static Map<String, TreeSet<String>> policiesByThing(Handle h) {
        Map<String, TreeSet<String>> byThing = new HashMap<>();
        h.createQuery("SELECT thing_name, policy_name FROM thing_policies")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byThing.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
                        .add(e.getValue()));
        Map<String, List<String>> byGroup = new HashMap<>();
        h.createQuery("SELECT principal_id, policy_name FROM principal_policies WHERE principal_type = :type")
                .bind("type", ThingPolicyCache.THING_GROUP)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byGroup.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        h.createQuery("SELECT group_name, thing_name FROM thing_group_members")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byThing.computeIfAbsent(e.getValue(), k -> new TreeSet<>())
                        .addAll(byGroup.getOrDefault(e.getKey(), List.of())));
        return byThing;
    }
}
