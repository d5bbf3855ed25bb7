package dev.warden.node.gateway;

import dev.warden.audit.NodeAudit;
import dev.warden.pki.Pem;
import dev.warden.region.core.Member;
import dev.warden.region.service.Regions;
import dev.warden.registry.residency.HomeRegion;
import dev.warden.registry.residency.Residency;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data residency for the gateway, from the region membership: the deployment's other active regions with their pinned
 * roots and gateway endpoints, read again whenever this node's membership changes. Every change is a region audit
 * event recorded after its transaction, so observing the trail (as the node does for IAM) misses none; a CONNECT of
 * another region's device reads the membership again anyway (at most once a second).
 */
public final class GatewayResidency {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayResidency.class);
    private static final Set<String> MEMBERSHIP_CHANGES =
            Set.of("region:AcceptJoin", "region:RemoveMember", "region:Join", "region:Leave");

    private GatewayResidency() {}

    /**
     * The residency view of {@code region} (this node's), shared by the gateway and the admin API's discovery. Their
     * TLS is built before the region membership is started, so it is empty until {@code regions} gives the
     * membership and the caller refreshes it; it is kept current from then on.
     */
    public static Residency create(
            String account, String region, Supplier<Regions> regions, NodeAudit audit, Clock clock) {
        Residency residency = new Residency(
                account,
                () -> {
                    Regions current = regions.get();
                    return current == null ? List.of() : others(current, region);
                },
                clock);
        audit.observe(event -> {
            if (MEMBERSHIP_CHANGES.contains(event.action())) {
                try {
                    residency.refresh();
                } catch (RuntimeException e) {
                    LOG.warn("Residency: the membership could not be read again after {}", event.action(), e);
                }
            }
        });
        return residency;
    }

    private static List<HomeRegion> others(Regions regions, String local) {
        return regions.service().members().stream()
                .filter(m -> m.active() && !m.region().equals(local))
                .map(GatewayResidency::home)
                .toList();
    }

    private static HomeRegion home(Member m) {
        return HomeRegion.of(m.region(), Pem.parseCertificate(m.rootPem()), m.mqttUrl());
    }
}
