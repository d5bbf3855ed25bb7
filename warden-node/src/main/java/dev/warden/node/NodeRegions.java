package dev.warden.node;

import dev.warden.api.AuditApi;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.Pem;
import dev.warden.region.audit.CentralAudit;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.LinkIdentity;
import dev.warden.region.link.LinkServer;
import dev.warden.region.service.ChangeSigner;
import dev.warden.region.service.Regions;
import dev.warden.region.store.RegionStore;
import dev.warden.storage.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Region links of this node, when {@code region-links: on}: a link identity made for this start, the region's IAM
 * signing key (sealed under the master key, made once), and {@link Regions} running. IAM changes made here reach the
 * change log through the audit trail: every admin change of IAM is an event, and each one asks for a capture.
 */
final class NodeRegions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegions.class);

    private final Regions regions;

    private NodeRegions(Regions regions) {
        this.regions = regions;
    }

    /** Empty with {@code region-links: off}. */
    static Optional<NodeRegions> start(
            WardenConfig config,
            Database database,
            NodeAudit audit,
            CaHierarchy hierarchy,
            NodeLayout layout,
            SealedKeyFiles keyFiles,
            Runnable onIamApplied,
            Clock clock) {
        if (!config.regions().links()) {
            return Optional.empty();
        }
        SecureRandom random = new SecureRandom();
        int port =
                config.regions().linkPort() == 0 ? freePort() : config.regions().linkPort();
        String url = config.regions().linkUrl().isBlank()
                ? "https://" + NodeHttp.hostFor(config.bind()) + ":" + port
                : config.regions().linkUrl();
        RegionNode identity = new RegionNode(
                config.account(), config.region(), nodeName(config.audit().node()));
        Regions regions = Regions.start(
                new RegionStore(database),
                LinkIdentity.issue(
                        hierarchy,
                        identity,
                        url,
                        "mqtts://" + NodeHttp.hostFor(config.bind()) + ":" + config.mqttPort(),
                        clock,
                        random),
                iamSigner(layout, keyFiles),
                audit,
                new LinkServer.Settings(config.bind(), port),
                onIamApplied,
                random,
                clock);
        // Central audit: this region's trail shipped to the audit region, or the members' chains received here.
        regions.startCentralAudit(new AuditStore(database), () -> AuditKeys.read(layout.auditKeys()));
        audit.observe(event -> {
            if (event.action().startsWith("iam:") || event.action().startsWith("incident:")) {
                regions.iamChanged();
            }
        });
        LOG.info("Region links: {} serves its link at {} ({})", identity.arn(), url, regions.linkPort());
        return Optional.of(new NodeRegions(regions));
    }

    Regions regions() {
        return regions;
    }

    /**
     * The other regions' audit chains this node keeps as the audit region, for {@code GET /audit/events?region=R};
     * empty for a region it keeps none of (and always with {@code region-links: off}).
     */
    static AuditApi.RegionChains regionChains(NodeRegions running) {
        return query -> Optional.ofNullable(running)
                .flatMap(r -> r.regions.centralAudit())
                .map(CentralAudit::chains)
                .filter(chains -> chains.regions().contains(query.region()))
                .map(chains -> chains.query(query));
    }

    /** The region's IAM signing key: made once, sealed under the master key like every key under pki/. */
    private static ChangeSigner iamSigner(NodeLayout layout, SealedKeyFiles keyFiles) {
        Path privateFile = layout.pkiDir().resolve("region-iam-signing.key");
        Path publicFile = layout.pkiDir().resolve("region-iam-signing.pub");
        if (!keyFiles.exists(privateFile) || !java.nio.file.Files.exists(publicFile)) {
            var keys = dev.warden.pki.CsrBuilder.generateDeviceKey(dev.warden.pki.KeyType.EC_P256);
            keyFiles.write(privateFile, keys.getPrivate());
            dev.warden.storage.SecureFiles.writePublic(publicFile, Pem.encodePublicKey(keys.getPublic()));
            LOG.info("created the region's IAM signing key");
        }
        return new ChangeSigner(keyFiles.read(privateFile), Pem.parsePublicKey(NodeInitializer.read(publicFile)));
    }

    /** Node names in region ARNs are lower-case host-like names; anything else is mapped onto that alphabet. */
    private static String nodeName(String node) {
        String name = node.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+|-+$", "");
        if (name.isEmpty()) {
            return "node";
        }
        return name.length() > 40 ? name.substring(0, 40).replaceAll("-+$", "") : name;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the region link", e);
        }
    }

    @Override
    public void close() {
        regions.close();
    }
}
