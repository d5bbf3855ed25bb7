package dev.warden.region.service;

import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import dev.warden.region.store.RegionStore;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Each region's standby, as the membership holds it: set in the control region, copied by every member with the
 * membership. Audited where it is set.
 */
final class StandbyTable {
    private final RegionStore store;
    private final RegionEvents events;
    private final Function<String, Optional<Member>> activeMember;
    private final Supplier<Jurisdictions> jurisdictions;

    StandbyTable(
            RegionStore store,
            RegionEvents events,
            Function<String, Optional<Member>> activeMember,
            Supplier<Jurisdictions> jurisdictions) {
        this.store = store;
        this.events = events;
        this.activeMember = activeMember;
        this.jurisdictions = jurisdictions;
    }

    /**
     * Names {@code standby} as the region that serves {@code region}'s devices when it is failed over (empty: none).
     * Both must be active members of one jurisdiction, since the standby keeps the region's devices' data until it
     * hands it back.
     */
    synchronized Member set(String region, String standby) {
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        if (!d.isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION, "standbys are named in the control region, " + d.controlRegion());
        }
        Member member = activeMember
                .apply(region)
                .orElseThrow(() -> new RegionException(RegionReason.UNKNOWN_REGION, "no member region " + region));
        if (!standby.isEmpty()) {
            if (standby.equals(region)) {
                throw new RegionException(RegionReason.INVALID_REQUEST, "a region cannot be its own standby");
            }
            activeMember
                    .apply(standby)
                    .orElseThrow(() -> new RegionException(RegionReason.UNKNOWN_REGION, "no member region " + standby));
            if (!jurisdictions.get().mayReplicate(region, standby)) {
                throw new RegionException(
                        RegionReason.RESIDENCY_VIOLATION,
                        region + " and " + standby
                                + " are not in one jurisdiction: its devices' data may not go there");
            }
        }
        Member next = member.withStandby(standby);
        store.database().useTransaction(h -> store.putMember(h, next));
        events.standbySet(region, standby);
        return next;
    }
}
