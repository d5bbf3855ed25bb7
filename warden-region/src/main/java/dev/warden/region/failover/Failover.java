package dev.warden.region.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.NodeAudit;
import dev.warden.pki.RevocationReason;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Member;
import dev.warden.region.service.RegionService;
import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.HomeRegion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Failover within a jurisdiction, both sides of it. As a standby: keeps the replica of the regions that name it
 * ({@link StandbyReplica}), serves a region's devices once an operator declares it failed over here ({@link #declare}),
 * and sends them home with their data at failback ({@link #failback}). As a home region: answers its standby's
 * replica requests and takes its data back ({@link HandbackReceiver}).
 */
public final class Failover implements AutoCloseable {
    /** What the node provides: its registry, telemetry and gateway, seen from failover. */
    public record Backends(
            Supplier<DeviceStatusSnapshot> deviceStatus,
            Predicate<String> localThing,
            GuestData guestData,
            HandbackSink handbackSink,
            RevocationSink revocationSink,
            Supplier<GuestSessions> sessions) {}

    private final String region;
    private final RegionService regions;
    private final FailoverStore store;
    private final Backends backends;
    private final GuestRegistry guests;
    private final StandbyReplica replica;
    private final HandbackReceiver receiver;
    private final GuestRevocations revocations;
    private final FailoverEvents events;
    private final Clock clock;

    public Failover(RegionService regions, FailoverStore store, Backends backends, NodeAudit audit, Clock clock) {
        this.region = regions.local().identity().region();
        this.regions = regions;
        this.store = store;
        this.backends = backends;
        this.clock = clock;
        this.events =
                new FailoverEvents(audit, region, regions.local().identity().account());
        this.guests = new GuestRegistry(store, backends.localThing());
        this.revocations = new GuestRevocations(store, guests, events, clock);
        this.replica = new StandbyReplica(region, regions::members, regions::memberClient, store, clock);
        this.receiver = new HandbackReceiver(
                region, regions::activeMember, regions::jurisdictions, store, backends.handbackSink(), events, clock);
        guests.reload();
    }

    public Failover start() {
        replica.start();
        return this;
    }

    /** The gateway's view: the regions served here and their devices. */
    public GuestRegistry guests() {
        return guests;
    }

    /** Home side of {@code DEVICE_STATUS}: this region's device status for its standby, or "unchanged". */
    public Map<String, Object> deviceStatus(String caller, String heldVersion) {
        try {
            receiver.requireStandby(caller);
        } catch (RegionException e) {
            events.refused(caller, "device-status", e);
            throw e;
        }
        return StandbyReplica.answer(backends.deviceStatus().get(), heldVersion == null ? "" : heldVersion);
    }

    /** Home side of {@code HANDBACK}. */
    public Map<String, Object> handBack(String caller, JsonNode body) {
        try {
            return receiver.receive(caller, body);
        } catch (RegionException e) {
            events.refused(caller, "handback", e);
            throw e;
        }
    }

    /** Home side of {@code GUEST_REVOCATIONS}: what the standby revoked while this region was down. */
    public Map<String, Object> takeRevocations(String caller, JsonNode body) {
        try {
            receiver.requireStandby(caller);
            return GuestRevocations.receive(caller, body, backends.revocationSink(), events);
        } catch (RegionException e) {
            events.refused(caller, "guest-revocations", e);
            throw e;
        }
    }

    /**
     * Revokes a device certificate of {@code home} while it is failed over here and cannot revoke it itself: refused
     * here from now on (its live connection cut), and revoked by home itself at failback, before any device goes home.
     */
    public synchronized Map<String, Object> revokeGuest(
            String home, String serial, RevocationReason reason, String revokedBy) {
        standbyOf(home);
        FailoverStore.Record record = store.failover(home)
                .filter(r -> r.state() == FailoverStore.State.ACTIVE)
                .orElseThrow(() -> new RegionException(
                        RegionReason.FAILOVER_NOT_ACTIVE,
                        "no failover of " + home + " to " + region + " is in force: revoke in " + home + " itself"));
        Map<String, Object> out = revocations.revoke(
                home, serial, reason, revokedBy, backends.sessions().get());
        out.put("failoverDeclaredAt", record.declaredAt().toString());
        return out;
    }

    /**
     * Declares {@code home} failed over to this region: from now on its devices are served here with their own
     * certificates, decided from the replica. Only in the region {@code home} names as its standby, once it holds a
     * replica; audited here.
     */
    public synchronized Map<String, Object> declare(String home, String declaredBy) {
        Member member = standbyOf(home);
        FailoverStore.Sync sync = store.sync(home)
                .orElseThrow(() -> new RegionException(
                        RegionReason.STANDBY_NOT_READY,
                        region + " holds no replica of " + home + "'s devices yet: it could serve none of them"));
        if (store.failover(home).isPresent()) {
            throw new RegionException(
                    RegionReason.FAILOVER_ACTIVE, home + " is already failed over to " + region + " (or failing back)");
        }
        store.putFailover(new FailoverStore.Record(home, FailoverStore.State.ACTIVE, clock.instant(), declaredBy));
        guests.reload();
        events.declared(home, sync);
        return describe(member, store.failover(home));
    }

    /**
     * Ends a failover: {@code home} must answer on its link; its devices connected here are sent to its gateway
     * (MQTT 5: DISCONNECT 0x9C with the Server Reference), and the data kept for them is handed back and deleted here.
     * A failback cut short leaves the failover HANDING_BACK, and is run again.
     */
    public synchronized Map<String, Object> failback(String home, String requestedBy) {
        Member member = standbyOf(home);
        FailoverStore.Record record = store.failover(home)
                .orElseThrow(() -> new RegionException(
                        RegionReason.FAILOVER_NOT_ACTIVE, "no failover of " + home + " to " + region + " is in force"));
        // Home takes the revocations made here first: none of its devices may go home while home would still let a
        // revoked one in. A home that does not answer or refuses stops the failback here, the failover still in force.
        int revoked = revocations.handOver(home, regions.memberClient(home));
        // Home answers before its devices are sent to it: a failback to a region still down would strand them.
        replica.sync(home);
        store.putFailover(new FailoverStore.Record(
                home, FailoverStore.State.HANDING_BACK, record.declaredAt(), record.declaredBy()));
        guests.reload();
        int sent = backends.sessions().get().sendHome(home, HomeRegion.serverReference(member.mqttUrl()));
        Handback.Result result = Handback.run(home, backends.guestData(), regions.memberClient(home));
        store.deleteFailover(home);
        events.failedBack(home, sent, revoked, result);
        Map<String, Object> out = describe(member, Optional.empty());
        out.put("sentHome", sent);
        out.put("revocationsHandedOver", revoked);
        out.put(
                "handedBack",
                Map.of("things", result.things(), "segments", result.segments(), "messages", result.messages()));
        out.put("requestedBy", requestedBy);
        return out;
    }

    /** Each region that names this one its standby: its replica, and any failover in force. */
    public List<Map<String, Object>> status() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : regions.members()) {
            if (m.active() && m.standby().equals(region) && !m.region().equals(region)) {
                out.add(describe(m, store.failover(m.region())));
            }
        }
        return out;
    }

    private Map<String, Object> describe(Member home, Optional<FailoverStore.Record> failover) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("region", home.region());
        row.put("standby", region);
        Optional<FailoverStore.Sync> sync = store.sync(home.region());
        row.put("replicaDevices", sync.map(FailoverStore.Sync::devices).orElse(0));
        row.put("replicaSyncedAt", sync.map(s -> s.syncedAt().toString()).orElse(null));
        row.put("state", failover.map(f -> f.state().name()).orElse("STANDBY"));
        failover.ifPresent(f -> {
            row.put("declaredAt", f.declaredAt().toString());
            row.put("declaredBy", f.declaredBy());
        });
        row.put("guestsConnected", backends.sessions().get().count(home.region()));
        row.put("revocationsPending", store.guestRevocations(home.region()).size());
        return row;
    }

    private Member standbyOf(String home) {
        regions.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        Member member = regions.activeMember(home)
                .orElseThrow(() -> new RegionException(RegionReason.UNKNOWN_REGION, "no member region " + home));
        if (!member.standby().equals(region) || home.equals(region)) {
            throw new RegionException(
                    RegionReason.NOT_STANDBY,
                    region + " is not " + home + "'s standby"
                            + (member.standby().isEmpty()
                                    ? " (it names none)"
                                    : " (it names " + member.standby() + ")"));
        }
        return member;
    }

    @Override
    public void close() {
        replica.close();
    }
}
