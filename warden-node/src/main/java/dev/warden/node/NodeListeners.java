package dev.warden.node;

import dev.warden.api.PublicApi;
import dev.warden.api.ReadinessProbe;
import dev.warden.api.StatusPageRoutes;
import dev.warden.api.UpdateMetadataRoutes;
import dev.warden.gateway.MqttGateway;
import dev.warden.iam.ServiceAccounts;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.incident.PlaybookBackends;
import dev.warden.node.metrics.NodeMetrics;
import dev.warden.pki.Pem;
import dev.warden.region.forward.ForwardKey;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.tls.TlsSettings;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;

/**
 * The public HTTP endpoint and the HTTPS admin API, with what the admin API is wired with: this node's place among
 * regions ({@link NodeDeployment}), IAM, what playbooks act on besides the gateway, and what {@code /metrics} serves.
 * Each part is kept as soon as it is made, so that closing after a failed {@link #start} closes exactly what was made.
 */
final class NodeListeners {
    /** The node's parts the listeners serve; the gateway is a supplier because it starts after them. */
    record Parts(
            WardenConfig config,
            NodeStorage storage,
            NodeSecurityServices security,
            KeyManagementService kms,
            KmsMaintenance kmsMaintenance,
            SecretsManager secrets,
            NodeDeviceData data,
            Supplier<MqttGateway> gateway,
            IntSupplier mqttPort,
            ReadinessProbe readiness,
            Clock clock) {}

    private final Parts parts;
    private Javalin publicApp;
    private Javalin admin;
    private NodeDeployment deployment;
    private ThingPolicyCache policies;
    /** What playbooks act on besides the gateway: users, service accounts, manufacturer CAs, policies. */
    private PlaybookBackends playbookBackends = PlaybookBackends.NONE;

    private NodeMetrics metrics;
    private NodeTraffic traffic;

    NodeListeners(Parts parts) {
        this.parts = parts;
    }

    /** The public HTTP endpoint, then the HTTPS admin API; both started. */
    NodeListeners start(SecureRandom random) {
        startPublicHttp();
        startAdminHttp(random);
        return this;
    }

    /** Health, CRL and OCSP, audit keys, the status page and firmware update metadata: all public by design. */
    private void startPublicHttp() {
        WardenConfig config = parts.config();
        NodeRegistry registry = parts.security().registry();
        publicApp = NodeHttp.publicApp();
        new PublicApi(
                        config.apiSettings(),
                        registry.certificates(),
                        registry.crl(),
                        registry.ocsp(),
                        parts.storage().auditTrail().keys()::list)
                .register(publicApp, parts.readiness());
        new StatusPageRoutes(parts.security().incidents().publicStatus(), config.region(), parts.clock())
                .register(publicApp);
        new UpdateMetadataRoutes(parts.data().firmware().repository()).register(publicApp);
        publicApp.start(config.bind(), config.publicPort());
    }

    /** The HTTPS admin API (mTLS or tokens), with region links and the metrics it serves. */
    private void startAdminHttp(SecureRandom random) {
        WardenConfig config = parts.config();
        NodeStorage storage = parts.storage();
        NodeLayout layout = storage.layout();
        NodeRegistry registry = parts.security().registry();
        List<X509Certificate> serverChain = Pem.parseCertificates(NodeInitializer.read(layout.serverCertificate()));
        var serverKey = storage.keyFiles().read(layout.serverKey());
        deployment = new NodeDeployment(config, storage.audit(), parts.clock());
        ForwardKey forwardKey = ForwardKey.random();
        X509TrustManager adminTrust = deployment.adminTrust(registry.clientTrust());
        NodeDeployment served = deployment;
        admin = NodeHttp.adminApp(
                config, TlsSettings.serverContext(serverKey, () -> served.servedChain(serverChain), adminTrust));
        policies = new ThingPolicyCache(storage.database(), config.region(), config.account());
        NodeIam iam = NodeIam.open(
                config, storage.database(), parts.kms(), layout, storage.keyFiles(), policies, random, parts.clock());
        deployment.start(
                storage.database(),
                storage.audit(),
                registry.hierarchy(),
                layout,
                storage.keyFiles(),
                () -> {
                    // Replicated IAM arrived: nothing decided from now on may come from the old one.
                    policies.invalidateAll();
                    iam.authorizer().invalidate();
                },
                parts.data().buckets());
        deployment.shareTokens(iam.tokens());
        startContainment(iam, registry);
        startMetrics();
        NodeAdminApi.register(adminApiParts(iam), forwardKey, admin, parts.readiness());
        admin.start();
        deployment.startForwarding(
                "localhost",
                this::adminPort,
                Pem.parseCertificate(NodeInitializer.read(layout.rootCertificate())),
                forwardKey);
    }

    /** This region's playbook backends, with containment over the region links when they are on. */
    private void startContainment(NodeIam iam, NodeRegistry registry) {
        PlaybookBackends here = new PlaybookBackends(
                iam.users(),
                new ServiceAccounts(parts.storage().database(), parts.clock()),
                registry.jitp(),
                iam.policies());
        playbookBackends = new PlaybookBackends(
                here.users(),
                here.services(),
                here.manufacturerCas(),
                here.policies(),
                deployment.startContainment(here.principals()).orElse(null));
    }

    /** What /metrics serves: the gateway's, monitoring's, the audit trail's, telemetry's, incidents', regions'. */
    private void startMetrics() {
        NodeSecurityServices security = parts.security();
        traffic = new NodeTraffic(parts.gateway(), parts.clock());
        metrics = new NodeMetrics()
                .gateway(parts.gateway())
                .monitor(security.monitor().loop())
                .audit(parts.storage().auditTrail().log())
                .telemetry(parts.data().recorder());
        security.monitor().bindMetrics(metrics);
        security.incidents().bindMetrics(metrics);
        deployment.bindMetrics(metrics);
    }

    private NodeAdminApi.Parts adminApiParts(NodeIam iam) {
        NodeStorage storage = parts.storage();
        NodeSecurityServices security = parts.security();
        NodeDeviceData data = parts.data();
        return new NodeAdminApi.Parts(
                parts.config(),
                storage.database(),
                iam,
                security.registry(),
                storage.audit(),
                storage.auditTrail(),
                parts.kms(),
                parts.kmsMaintenance(),
                parts.secrets(),
                data.telemetry(),
                data.sessions(),
                data.buckets(),
                parts.gateway(),
                security.monitor(),
                security.compliance(),
                metrics,
                traffic,
                security.incidents(),
                deployment,
                data.firmware(),
                data.jobs(),
                data.e2e(),
                security.attestation(),
                parts.mqttPort(),
                parts.clock());
    }

    int adminPort() {
        return admin.port();
    }

    int publicPort() {
        return publicApp.port();
    }

    /** The gateway's traffic per minute for the console; null until the admin listener is being made. */
    NodeTraffic traffic() {
        return traffic;
    }

    /** This node's place among regions; null until the admin listener is being made. */
    NodeDeployment deployment() {
        return deployment;
    }

    ThingPolicyCache policies() {
        return policies;
    }

    PlaybookBackends playbookBackends() {
        return playbookBackends;
    }

    /** Stops the admin listener, first of the listeners: nothing new is asked of the node from then on. */
    void stopAdmin() {
        if (admin != null) {
            admin.stop();
        }
    }

    /**
     * After {@link #stopAdmin()} and after bucket replication has stopped: the region links, the public endpoint, then
     * the metrics (after the admin API, which scrapes them).
     */
    void close() {
        if (deployment != null) {
            deployment.close();
        }
        if (publicApp != null) {
            publicApp.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
