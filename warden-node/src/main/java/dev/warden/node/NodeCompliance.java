package dev.warden.node;

import dev.warden.api.ComplianceApi;
import dev.warden.audit.NodeAudit;
import dev.warden.buckets.BucketReason;
import dev.warden.buckets.BucketStore;
import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.compliance.engine.ChangeTrigger;
import dev.warden.compliance.engine.ComplianceAudit;
import dev.warden.compliance.engine.ComplianceEngine;
import dev.warden.compliance.engine.ComplianceService;
import dev.warden.compliance.engine.ComplianceWorker;
import dev.warden.compliance.engine.RegionIamWatch;
import dev.warden.compliance.inventory.InventoryReader;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.NodeSources;
import dev.warden.compliance.inventory.ReplicationView;
import dev.warden.gateway.MqttGateway;
import dev.warden.node.config.WardenConfig;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.Fingerprints;
import dev.warden.region.service.Regions;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.storage.Database;
import java.nio.file.Files;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous compliance, wired: the engine on its {@code warden-compliance} thread, fed by every event the node
 * records ({@link ChangeTrigger} observes the audit trail, as monitoring's admin tap does), a full run shortly after
 * start and then daily on the node's scheduler, and the routes of the admin API. What only the node knows reaches
 * the inventory as suppliers: its facts (where keys live, TLS, monitoring), the gateway's live sessions, its CA
 * certificates and the trust its gateway holds, its buckets, the audit trail's public keys and, in a member region,
 * its IAM replica, which a watch samples on the scheduler so that REGION_IAM_STALE follows the replica's staleness.
 */
final class NodeCompliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCompliance.class);
    /** Long enough for the node to settle (the gateway's first connections), short enough to show findings soon. */
    private static final Duration FIRST_FULL_RUN = Duration.ofSeconds(15);

    private final ComplianceWorker worker;
    private final ComplianceApi api;
    private final ComplianceService service;
    private final Supplier<NodeFacts> facts;

    /** The node's parts compliance reads from. */
    record Parts(
            WardenConfig config,
            NodeLayout layout,
            Database database,
            NodeAudit audit,
            CaHierarchy hierarchy,
            ClientTrust clientTrust,
            BucketStore buckets,
            Supplier<List<PublicKey>> auditKeys,
            Supplier<MqttGateway> gateway,
            Supplier<Regions> regions) {}

    private NodeCompliance(
            ComplianceWorker worker, ComplianceApi api, ComplianceService service, Supplier<NodeFacts> facts) {
        this.worker = worker;
        this.api = api;
        this.service = service;
        this.facts = facts;
    }

    /** Starts the engine's thread, observes the trail and schedules the full runs. */
    static NodeCompliance start(Parts parts, ScheduledExecutorService scheduler, Clock clock) {
        WardenConfig config = parts.config();
        ComplianceSettings settings = config.complianceSettings();
        ComplianceAudit audit = new ComplianceAudit(parts.audit(), config.region(), config.account());
        InventoryReader reader = new InventoryReader(parts.database(), settings, sources(parts));
        ComplianceWorker worker = new ComplianceWorker(
                new ComplianceEngine(parts.database(), reader, settings, audit, clock), settings.debounce());
        parts.audit().observe(new ChangeTrigger(worker::onChange));
        scheduler.scheduleAtFixedRate(
                () -> worker.submitFull("scheduled"),
                FIRST_FULL_RUN.toSeconds(),
                settings.fullRunInterval().toSeconds(),
                TimeUnit.SECONDS);
        if (config.regions().links()) {
            // Staleness grows with no event to trigger a run: sampled here, a run only when the answer changes.
            Duration every = RegionIamWatch.period(settings.regionIamStaleAfter());
            scheduler.scheduleWithFixedDelay(
                    new RegionIamWatch(
                            new RegionIamSource(parts.regions()), settings.regionIamStaleAfter(), worker::submit),
                    every.toMillis(),
                    every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "Compliance: checks re-run on every change, and in full every {} hours",
                settings.fullRunInterval().toHours());
        ComplianceService service = new ComplianceService(parts.database(), worker, clock);
        Supplier<NodeFacts> facts = () -> facts(parts);
        return new NodeCompliance(worker, new ComplianceApi(service, audit, facts, clock), service, facts);
    }

    ComplianceApi api() {
        return api;
    }

    private static NodeSources sources(Parts parts) {
        CaHierarchy ca = parts.hierarchy();
        return new NodeSources(
                () -> facts(parts),
                () -> liveSessions(parts.gateway().get()),
                () -> List.of(
                        ca.root().certificate(),
                        ca.issuing().certificate(),
                        ca.ocsp().certificate()),
                () -> Arrays.stream(parts.clientTrust().getAcceptedIssuers())
                        .map(Fingerprints::sha256Hex)
                        .collect(Collectors.toSet()),
                parts.buckets()::list,
                () -> parts.buckets().publicAccessBlock().enabled(),
                parts.auditKeys(),
                () -> replication(parts),
                new RegionIamSource(parts.regions()));
    }

    /** Each replication rule, judged against the jurisdictions this node holds now. */
    private static List<ReplicationView> replication(Parts parts) {
        var replication = parts.buckets().replication();
        return replication.rules().stream()
                .map(rule -> new ReplicationView(
                        rule.bucket(),
                        parts.buckets().arn(rule.bucket(), null),
                        rule.destination(),
                        !replication.refusal(rule).equals(Optional.of(BucketReason.RESIDENCY_VIOLATION))))
                .toList();
    }

    /** The authenticated connections open on the gateway now (none before it starts). */
    private static List<LiveSession> liveSessions(MqttGateway gateway) {
        if (gateway == null) {
            return List.of();
        }
        return gateway.sessions().counters().values().stream()
                .map(c -> new LiveSession(c.identity().thingName(), c.identity().serialHex()))
                .toList();
    }

    /** What this node's configuration and data directory say, read at each run that needs it. */
    private static NodeFacts facts(Parts parts) {
        WardenConfig config = parts.config();
        boolean caInHsm = config.hsm() != null && !config.hsm().isBlank();
        return new NodeFacts(
                config.region(),
                config.account(),
                caInHsm,
                config.kmsMasterKeyInHsm(),
                Files.exists(parts.layout().generatedMasterKeyPassphrase()),
                caInHsm ? "hsm" : "sealed-file",
                config.compliance().production(),
                // The admin API and the gateway are both built with the one built-in policy (TlsSettings, GatewayTls).
                List.of(TlsSettings.PROTOCOLS),
                parts.buckets().publicAccessBlock().enabled(),
                config.monitor().enabled(),
                config.audit().witness().enabled(),
                // Declared by the operator (backup-policy): Warden cannot see the backup run, only what it is told.
                config.compliance().backupPolicy(),
                parts.database().location().kind().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        worker.close();
    }

    /** Findings, suppressions, runs and their history (the reports read them here). */
    ComplianceService service() {
        return service;
    }

    /** What the node's configuration and data directory say now (the shared-responsibility report quotes it). */
    Supplier<NodeFacts> facts() {
        return facts;
    }
}
