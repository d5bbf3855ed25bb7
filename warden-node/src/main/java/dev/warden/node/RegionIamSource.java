package dev.warden.node;

import dev.warden.compliance.inventory.RegionIamView;
import dev.warden.region.core.Deployment;
import dev.warden.region.service.Regions;
import dev.warden.region.service.ReplicationStatus;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This node's IAM replica as compliance reads it: the replica's own status (what {@code warden region status} and the
 * metrics report), copied into compliance's record so that its check stays free of the region module. Not a member
 * while region links are off, before they start, and in a control region or a region on its own.
 */
final class RegionIamSource implements Supplier<RegionIamView> {
    private final Supplier<Regions> regions;

    /** @param regions the running regions; null while region links are off or not started */
    RegionIamSource(Supplier<Regions> regions) {
        this.regions = regions;
    }

    @Override
    public RegionIamView get() {
        Regions running = regions.get();
        if (running == null) {
            return RegionIamView.NOT_A_MEMBER;
        }
        Optional<ReplicationStatus> replica = running.replication();
        if (replica.isEmpty()) {
            return RegionIamView.NOT_A_MEMBER;
        }
        ReplicationStatus s = replica.get();
        String control =
                running.service().deployment().map(Deployment::controlRegion).orElse("");
        return new RegionIamView(
                true,
                control,
                s.connected(),
                s.staleness(),
                s.lastContact(),
                Math.max(0, s.controlSeq() - s.appliedSeq()),
                Optional.ofNullable(s.lastError()));
    }
}
