package dev.warden.node;

import dev.warden.api.AuditApi;
import dev.warden.api.RegionApi;
import dev.warden.audit.NodeAudit;
import dev.warden.buckets.BucketStore;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.GatewayResidency;
import dev.warden.node.metrics.NodeMetrics;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CrossCertificates;
import dev.warden.region.service.Regions;
import dev.warden.registry.residency.DeploymentRegions;
import dev.warden.registry.residency.GuestDevices;
import dev.warden.registry.residency.Residency;
import dev.warden.registry.residency.ResidentTrust;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.storage.Database;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * This node's place among regions, in one object the node asks: the residency view the gateway and discovery use
 * (the deployment's other regions with their roots and gateways), the admin listener's trust, the running
 * {@link NodeRegions} with bucket replication, and what the admin API, the metrics and the endpoints file need of
 * them. With {@code region-links: off} every answer is "a region on its own".
 */
final class NodeDeployment implements AutoCloseable {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final WardenConfig config;
    private final Clock clock;
    /** Null with region links off. */
    private final Residency residency;

    private volatile NodeRegions regions;
    private volatile Map.Entry<String, Optional<dev.warden.iam.TokenService.TrustedIssuer>> parsedIssuer;

    NodeDeployment(WardenConfig config, NodeAudit audit, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.residency = config.regions().links()
                ? GatewayResidency.create(config.account(), config.region(), this::regions, audit, clock)
                : null;
    }

    /**
     * The admin listener's client trust: with region links, the deployment's other regions' devices also finish the
     * handshake, for {@code GET /discovery} alone (the admin API refuses their chains on every other route).
     */
    X509TrustManager adminTrust(ClientTrust own) {
        return residency == null ? own : new ResidentTrust(own, residency);
    }

    /**
     * The chain this node's servers (gateway, admin listener) present: {@code own} (leaf, issuing CA, root), with the
     * root replaced by its cross certificate under the deployment root once this region, a member, has one; so a
     * client that pins only the deployment root verifies every region. Asked at each handshake.
     */
    List<X509Certificate> servedChain(List<X509Certificate> own) {
        Regions running = regions();
        if (running == null) {
            return own;
        }
        return running.service()
                .crossCertificate()
                .map(cross -> CrossCertificates.underDeploymentRoot(own, cross))
                .orElse(own);
    }

    /** Starts the region links (when on), then bucket replication over them. */
    void start(
            Database database,
            NodeAudit audit,
            CaHierarchy hierarchy,
            NodeLayout layout,
            SealedKeyFiles keyFiles,
            Runnable onIamApplied,
            BucketStore buckets) {
        regions = NodeRegions.start(config, database, audit, hierarchy, layout, keyFiles, onIamApplied, clock)
                .orElse(null);
        if (residency != null) {
            residency.refresh();
        }
        if (regions != null) {
            NodeBucketReplication.start(regions.regions().objects(), buckets);
        }
    }

    /**
     * Tokens across regions: this node's token key is published to the members (used while it is the control region),
     * and in a member the control region's tokens are accepted, so that a user logs in once, at the control region
     * (where an MFA seed lives), and acts in every region with the permissions each region's copy of IAM gives.
     */
    void shareTokens(dev.warden.iam.TokenService tokens) {
        if (regions == null) {
            return;
        }
        dev.warden.region.service.RegionService service = regions.regions().service();
        com.fasterxml.jackson.databind.node.ObjectNode key = JSON.createObjectNode();
        key.put("issuer", tokens.issuer());
        key.put("jwk", tokens.publicJwkJson());
        service.publishTokenKey(key.toString());
        tokens.alsoTrust(() -> controlIssuer(service.controlTokenKey()));
    }

    /** The control region's token issuer, parsed once per key received. */
    private Optional<dev.warden.iam.TokenService.TrustedIssuer> controlIssuer(String json) {
        Map.Entry<String, Optional<dev.warden.iam.TokenService.TrustedIssuer>> last = parsedIssuer;
        if (last != null && last.getKey().equals(json)) {
            return last.getValue();
        }
        Optional<dev.warden.iam.TokenService.TrustedIssuer> issuer;
        try {
            com.fasterxml.jackson.databind.JsonNode key = JSON.readTree(json.isEmpty() ? "{}" : json);
            issuer = key.hasNonNull("jwk")
                    ? Optional.of(new dev.warden.iam.TokenService.TrustedIssuer(
                            key.path("issuer").asText(),
                            com.nimbusds.jose.jwk.ECKey.parse(key.path("jwk").asText())
                                    .toPublicJWK()))
                    : Optional.empty();
        } catch (java.io.IOException | java.text.ParseException e) {
            // A key that does not parse is no key: the control region's tokens are refused, never guessed.
            issuer = Optional.empty();
        }
        parsedIssuer = Map.entry(json, issuer);
        return issuer;
    }

    /**
     * Starts failover once the node's registry, telemetry and gateway exist: the standby replica, failover and
     * failback. Nothing with region links off.
     */
    void startFailover(
            Database database,
            dev.warden.telemetry.TelemetryStore telemetry,
            dev.warden.registry.CertificateService certificates,
            java.util.function.Supplier<dev.warden.gateway.MqttGateway> gateway) {
        if (regions != null) {
            regions.regions().startFailover(NodeFailover.backends(database, telemetry, certificates, gateway));
        }
    }

    /**
     * Starts forwarding of admin requests between regions: a request forwarded here runs through this node's own
     * admin listener, marked with {@code key}. Nothing with region links off.
     */
    void startForwarding(
            String adminHost,
            java.util.function.IntSupplier adminPort,
            java.security.cert.X509Certificate root,
            dev.warden.region.forward.ForwardKey key) {
        if (regions != null) {
            regions.regions().startForwarding(new NodeForwarding(adminHost, adminPort, root, key));
        }
    }

    /**
     * Starts playbook containment over the links: a member's playbook asks the control region to change a user or
     * service account; the control region makes what members ask with {@code principals}. Empty with region links
     * off.
     */
    Optional<dev.warden.region.forward.IamContainment> startContainment(
            dev.warden.region.forward.IamContainment.Principals principals) {
        return regions == null
                ? Optional.empty()
                : Optional.of(regions.regions().startContainment(principals));
    }

    /** Forwarding, once started (never with region links off). */
    Optional<dev.warden.region.forward.AdminForwarding> forwarding() {
        return Optional.ofNullable(regions()).flatMap(Regions::forwarding);
    }

    /**
     * The failed-over regions whose devices this node serves, for the gateway and discovery; asked per connection, so
     * it may be handed out before failover starts (until then, and with region links off, it serves none).
     */
    GuestDevices guests() {
        return new GuestDevices() {
            @Override
            public boolean serves(String homeRegion) {
                return running().map(g -> g.serves(homeRegion)).orElse(false);
            }

            @Override
            public dev.warden.gateway.AuthenticationResult authenticate(
                    String homeRegion, java.security.cert.X509Certificate leaf) {
                return running().orElse(GuestDevices.NONE).authenticate(homeRegion, leaf);
            }

            @Override
            public dev.warden.policy.PolicySet policiesOf(String homeRegion, String thing) {
                return running().orElse(GuestDevices.NONE).policiesOf(homeRegion, thing);
            }

            private Optional<GuestDevices> running() {
                return Optional.ofNullable(regions())
                        .flatMap(Regions::failover)
                        .map(dev.warden.region.failover.Failover::guests);
            }
        };
    }

    /** The running regions; null with region links off (or before {@link #start}). */
    Regions regions() {
        return regions == null ? null : regions.regions();
    }

    /** The gateway's residency view; null with region links off (the gateway then serves its own devices only). */
    Residency residency() {
        return residency;
    }

    /** Discovery's residency view: with region links off, one that knows no other region. */
    Residency residencyOrNone() {
        return residency != null ? residency : new Residency(config.account(), DeploymentRegions.NONE, clock);
    }

    RegionApi api() {
        return new RegionApi(Optional.ofNullable(regions()), config.account(), config.region());
    }

    AuditApi.RegionChains regionChains() {
        return NodeRegions.regionChains(regions);
    }

    void bindMetrics(NodeMetrics metrics) {
        if (regions != null) {
            metrics.regions(regions.regions());
        }
    }

    /** This node's link URL, for {@code endpoints.json}; null with region links off. */
    String linkUrl() {
        return regions == null ? null : regions.regions().service().local().linkUrl();
    }

    @Override
    public void close() {
        if (regions != null) {
            regions.close();
        }
    }
}
