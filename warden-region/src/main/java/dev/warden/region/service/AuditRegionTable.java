package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditKeys;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.AuditReceiver;
import dev.warden.region.audit.RegionAuditStore;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.store.RegionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The deployment's audit region: the control region by default, named in the control region, copied by every member
 * with the membership. The region named receives every other region's chain from where its own copy ends (from the
 * start, the first time). It trusts each region's audit-signing keys as the control region pinned them at that
 * region's join, carried by the membership as the regions' roots are; every rotation after that is verified inside
 * the chain itself. Audited where it is set and where keys are pinned.
 */
final class AuditRegionTable {
    private final RegionStore store;
    private final RegionEvents events;
    private final String localRegion;
    private final Function<String, Optional<Member>> activeMember;
    private final Supplier<AuditKeys> localKeys;

    /** @param localKeys this region's audit-signing keys, or null while central audit does not run here */
    AuditRegionTable(
            RegionStore store,
            RegionEvents events,
            String localRegion,
            Function<String, Optional<Member>> activeMember,
            Supplier<AuditKeys> localKeys) {
        this.store = store;
        this.events = events;
        this.localRegion = localRegion;
        this.activeMember = activeMember;
        this.localKeys = localKeys;
    }

    /** In the control region: names {@code region} (an active member, or the control region itself) the audit region. */
    synchronized Deployment set(String region) {
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        if (!d.isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION,
                    "the audit region is named in the control region, " + d.controlRegion());
        }
        if (!region.equals(d.controlRegion())) {
            activeMember
                    .apply(region)
                    .orElseThrow(() -> new RegionException(RegionReason.UNKNOWN_REGION, "no member region " + region));
        }
        if (!region.equals(d.auditRegion())) {
            store.database().useTransaction(h -> store.auditRegion(h, region));
            events.auditRegionSet(d.auditRegion(), region);
        }
        return store.deployment().orElseThrow();
    }

    /**
     * In the control region, for the membership: each region's audit keys as pinned here at its join (and at each
     * rotation this region verified while it was the audit region), and this region's own.
     */
    Map<String, Object> keysForMembership(List<Member> members) {
        Map<String, Object> keys = new LinkedHashMap<>();
        RegionAuditStore chains = new RegionAuditStore(store.database());
        for (Member m : members) {
            if (!m.active() || m.region().equals(localRegion)) {
                continue;
            }
            AuditKeys pinned = chains.keys(m.region());
            if (pinned != null) {
                keys.put(m.region(), pinned.toJson());
            }
        }
        AuditKeys own = localKeys == null ? null : localKeys.get();
        if (own != null) {
            keys.put(localRegion, own.toJson());
        }
        return keys;
    }

    /**
     * In a member, at each refresh of the membership: the control region's audit region and, when it names this
     * region, the keys of every other region pinned here (only where none are pinned yet or no chain of that region
     * is stored: keys a stored chain was verified with are never replaced).
     */
    void apply(Deployment d, JsonNode reply) {
        String named = reply.path("auditRegion").asText("");
        if (named.isEmpty()) {
            return;
        }
        if (!named.equals(d.auditRegion())) {
            store.database().useTransaction(h -> store.auditRegion(h, named));
        }
        if (!named.equals(localRegion)) {
            return;
        }
        RegionAuditStore chains = new RegionAuditStore(store.database());
        List<AuditKeys> pinned = new ArrayList<>();
        reply.path("auditKeys").fields().forEachRemaining(e -> {
            if (e.getKey().equals(localRegion)) {
                return;
            }
            AuditKeys keys = AuditKeys.parse(e.getValue().toString());
            boolean pinnedNow = store.database().inTransaction(h -> {
                AuditKeys current = chains.keys(h, e.getKey());
                if (current != null
                        && (keyIds(current).equals(keyIds(keys))
                                || chains.position(h, e.getKey()).lastSeq() > 0)) {
                    return false;
                }
                return AuditReceiver.pinAtJoin(h, chains, e.getKey(), keys);
            });
            if (pinnedNow) {
                pinned.add(keys);
            }
        });
        pinned.forEach(keys -> events.auditKeysPinned(keys.region(), keys, "membership"));
    }

    private static List<String> keyIds(AuditKeys keys) {
        return keys.keys().stream().map(AuditKeys.Key::keyId).toList();
    }
}
