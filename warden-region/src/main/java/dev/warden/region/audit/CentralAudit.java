package dev.warden.region.audit;

import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.region.link.LinkClient;
import dev.warden.region.store.RegionStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Central audit on one node: both sides run on every node, and the deployment decides which one works. In the audit
 * region the {@link AuditReceiver} takes the other regions' batches and the shipper idles; in every other region the
 * {@link AuditShipper} sends this region's chain and the receiver refuses whatever is sent to it.
 */
public final class CentralAudit implements AutoCloseable {
    private final RegionAuditStore chains;
    private final AuditReceiver receiver;
    private final AuditShipper shipper;

    private CentralAudit(RegionAuditStore chains, AuditReceiver receiver, AuditShipper shipper) {
        this.chains = chains;
        this.receiver = receiver;
        this.shipper = shipper;
    }

    /**
     * Starts both sides for {@code region}.
     *
     * @param trail   this region's own audit trail (what is shipped)
     * @param keys    this region's audit-signing key list, public material only
     * @param clients a link client for a member region, by name
     */
    public static CentralAudit start(
            String region,
            RegionStore regions,
            AuditStore trail,
            Supplier<AuditKeys> keys,
            Function<String, LinkClient> clients,
            NodeAudit audit,
            Clock clock) {
        RegionAuditStore chains = new RegionAuditStore(regions.database());
        CentralAuditEvents events = new CentralAuditEvents(audit);
        return new CentralAudit(
                chains,
                new AuditReceiver(region, regions, chains, events, clock),
                new AuditShipper(region, trail, keys, regions, clients, events, clock).start());
    }

    public AuditReceiver receiver() {
        return receiver;
    }

    /** The region chains this node keeps (empty outside the audit region). */
    public RegionAuditStore chains() {
        return chains;
    }

    /** How far this region's chain reached the audit region; empty in the audit region or outside a deployment. */
    public Optional<ShippingStatus> shipping() {
        return shipper.status();
    }

    /** The region chains received here, each with its last seq and lag. */
    public List<ReceivedChain> received() {
        return receiver.status();
    }

    @Override
    public void close() {
        shipper.close();
    }
}
