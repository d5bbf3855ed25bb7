package dev.warden.node;

import dev.warden.api.AdminApi;
import dev.warden.api.AuditApi;
import dev.warden.api.BucketsApi;
import dev.warden.api.E2eApi;
import dev.warden.api.FirewallApi;
import dev.warden.api.FirmwareApi;
import dev.warden.api.FirmwareKeysApi;
import dev.warden.api.JobsApi;
import dev.warden.api.KmsApi;
import dev.warden.api.MetricsApi;
import dev.warden.api.OnCallApi;
import dev.warden.api.PlaybookApi;
import dev.warden.api.ReadinessProbe;
import dev.warden.api.RegionApi;
import dev.warden.api.SecretsApi;
import dev.warden.api.TelemetryApi;
import dev.warden.api.WitnessApi;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditArchiver;
import dev.warden.audit.witness.store.CheckpointWitnessService;
import dev.warden.buckets.BucketStore;
import dev.warden.gateway.MqttGateway;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.NodeFirewall;
import dev.warden.node.metrics.NodeMetrics;
import dev.warden.region.forward.ForwardKey;
import dev.warden.registry.RegistryDeviceAuthenticator;
import dev.warden.registry.residency.DeviceDiscovery;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.sessions.ThingSessions;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The admin API assembled from the node's parts: every capability's routes on one HTTPS listener, behind one
 * authentication and authorization, with writes guarded in member regions (IAM is the control region's) and requests
 * for another region forwarded there. Only wiring: each capability's routes live in warden-api.
 */
final class NodeAdminApi {
    private NodeAdminApi() {}

    /** The node's parts the admin API serves; the gateway is a supplier because it starts after the API. */
    record Parts(
            WardenConfig config,
            Database database,
            NodeIam iam,
            NodeRegistry registry,
            NodeAudit audit,
            NodeAuditTrail auditTrail,
            KeyManagementService kms,
            KmsMaintenance kmsMaintenance,
            SecretsManager secrets,
            TelemetryStore telemetry,
            ThingSessions mqttSessions,
            BucketStore buckets,
            Supplier<MqttGateway> gateway,
            NodeMonitor monitor,
            NodeCompliance compliance,
            NodeMetrics metrics,
            NodeTraffic traffic,
            NodeIncidents incidents,
            NodeDeployment deployment,
            NodeFirmware firmware,
            NodeJobs jobs,
            NodeE2e e2e,
            NodeAttestation attestation,
            IntSupplier mqttPort,
            Clock clock) {}

    static void register(Parts p, ForwardKey forwardKey, Javalin admin, ReadinessProbe readiness) {
        WardenConfig config = p.config();
        RegionApi regionApi = p.deployment().api();
        AdminApi api = base(p).with(
                        p.incidents().api(p.telemetry(), p.compliance().service()))
                .with(new PlaybookApi(
                        p.incidents().incidents(), p.incidents()::playbooks, p.incidents()::customPlaybooks))
                .with(new OnCallApi(p.incidents().onCall(), p.incidents().incidents(), p.incidents()::notifier))
                .with(regionApi)
                .with(new FirmwareApi(
                        p.firmware().service(),
                        config.account(),
                        p.firmware().grants(),
                        p.attestation().service(),
                        p.clock()))
                .with(new JobsApi(p.jobs().service(), p.firmware().service(), config.account()))
                .with(new E2eApi(p.e2e().recipients(), config.region(), config.account()))
                .with(new FirmwareKeysApi(p.firmware()::rotate, config.region(), config.account()))
                .guardWrites(regionApi.iamGuard(p.iam().policies()))
                .discovery(new DeviceDiscovery(
                        config.region(),
                        p.registry().clientTrust(),
                        new RegistryDeviceAuthenticator(p.registry().index(), p.database()),
                        p.deployment().residencyOrNone(),
                        () -> "mqtts://" + NodeHttp.hostFor(config.bind()) + ":"
                                + p.mqttPort().getAsInt(),
                        p.deployment().guests()))
                .forwarding(forwardKey, p.deployment()::forwarding);
        api.register(admin, readiness);
        // The console's pages are the same actions, decided and audited by the same authentication.
        NodeConsole.mount(p, api, admin);
    }

    /** The routes every node has: identity, registry, audit, keys and secrets, device data, firewall, monitoring. */
    private static AdminApi base(Parts p) {
        WardenConfig config = p.config();
        NodeIam iam = p.iam();
        NodeRegistry registry = p.registry();
        return new AdminApi(
                config.apiSettings(),
                p.database(),
                iam.credentials(),
                registry.certificates(),
                registry.provisioning(),
                registry.jitp(),
                iam.policies(),
                iam.authorizer(),
                iam.tokens(),
                iam.users(),
                p.audit(),
                audit(p),
                new KmsApi(config.apiSettings(), p.kms(), p.kmsMaintenance()),
                new SecretsApi(config.apiSettings(), p.secrets()),
                new TelemetryApi(config.apiSettings(), p.telemetry(), p.mqttSessions(), p.audit()),
                new BucketsApi(p.buckets()),
                new WitnessApi(
                        new CheckpointWitnessService(
                                p.database(), p.auditTrail().signer(), p.clock()),
                        config.account()),
                new FirewallApi(config.apiSettings(), new NodeFirewall(p.gateway(), p.database(), p.clock())),
                p.monitor().api(),
                p.compliance().api(),
                new MetricsApi(p.metrics()::scrape),
                p.clock());
    }

    /** Queries, proofs, archives (verified against every audit key) and key rotation of the audit trail. */
    private static AuditApi audit(Parts p) {
        NodeAuditTrail trail = p.auditTrail();
        AuditSigningKeys keys = trail.keys();
        AuditArchiver archiver = new AuditArchiver(
                trail.store(),
                trail.log(),
                p.config().audit().node(),
                () -> keys.list().keys().stream().map(AuditKeys.Key::publicKey).toList());
        AuditApi.Rotation rotation = () -> {
            AuditSigningKeys.Rotated r = keys.rotate(p.audit(), trail.anchorFile());
            return new AuditApi.Rotated(r.oldKeyId(), r.newKeyId(), r.lastOldDigestSeq(), r.firstNewDigestSeq());
        };
        return new AuditApi(
                        trail.store(),
                        p.config().region(),
                        archiver,
                        p.config().dataDir().resolve("audit-archive"),
                        rotation)
                .withRegionChains(p.deployment().regionChains());
    }
}
