package dev.warden.node;

import dev.warden.api.PublicApi;
import dev.warden.api.ReadinessProbe;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.buckets.BucketStore;
import dev.warden.gateway.MqttGateway;
import dev.warden.kms.HsmKeyStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.hsm.Pkcs11HsmKeyStore;
import dev.warden.kms.node.AuditedKmsEvents;
import dev.warden.kms.node.DefaultKey;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.monitor.device.DeviceMetricsListener;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.NodeFirewall;
import dev.warden.node.gateway.TrafficSummaries;
import dev.warden.node.metrics.NodeMetrics;
import dev.warden.node.witness.WitnessAnchor;
import dev.warden.node.witness.WitnessStatus;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.KeySource;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.sessions.ThingSessions;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warden node: storage, PKI, KMS and secrets, provisioning, the HTTPS admin API and the public HTTP endpoint,
 * wired with plain constructors. {@link #start()} returns once {@code /health} answers 200.
 */
public final class WardenNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WardenNode.class);

    /** Replaced once at start by the same configuration with its {@code ${secret:NAME}} references resolved. */
    private WardenConfig config;

    private final Clock clock;
    private final ReadinessProbe readiness = new ReadinessProbe();
    private Database database;
    private KeySource keys;
    private Javalin admin;
    private Javalin publicApp;
    private ScheduledExecutorService scheduler;
    private NodeRegistry registry;
    private NodeAuditTrail auditTrail;
    private NodeLock lock;
    private volatile NodeGateway mqtt;
    private ThingPolicyCache policies;
    private NodeAudit audit;
    private MasterKey masterKey;
    private KeyManagementService kms;
    private SecretsManager secrets;
    private NodeDeviceData data;
    private NodeAttestation attestation;
    private NodeMonitor monitor;
    private NodeCompliance compliance;
    private NodeIncidents incidents;
    /** Region links; null with {@code region-links: off}. */
    /** This node's place among regions (region links, residency); made when the admin listener starts. */
    private NodeDeployment deployment;
    /** What playbooks act on besides the gateway: users, service accounts, manufacturer CAs, policies. */
    private dev.warden.node.incident.PlaybookBackends playbookBackends = dev.warden.node.incident.PlaybookBackends.NONE;

    private NodeMetrics metrics;

    public WardenNode(WardenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts every part; a part that fails to start closes what was opened before it, so nothing is left running. */
    public WardenNode start() {
        try {
            return startParts();
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private WardenNode startParts() {
        SecureRandom random = new SecureRandom();
        Opened opened = openStorageAndAudit(random);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-scheduler");
            t.setDaemon(true);
            return t;
        });
        KmsMaintenance kmsMaintenance = startKmsAndDeviceData();
        startSecurityServices(opened, random);
        startHttp(opened.layout(), opened.keyFiles(), kmsMaintenance, random);
        startGateway(opened.layout(), opened.keyFiles());
        NodeSchedule.start(
                scheduler,
                new NodeSchedule.Parts(
                        config,
                        registry.crl(),
                        registry.certificates(),
                        mqtt.traffic(),
                        kmsMaintenance,
                        data.telemetry(),
                        data.buckets(),
                        clock));
        monitor.schedule(scheduler, mqtt.gateway());

        NodeHttp.writeEndpoints(opened.layout(), config, adminPort(), publicPort(), mqttPort(), deployment.linkUrl());
        readiness.markReady();
        LOG.info(
                "Warden node ready: region {}, admin https://{}:{}, public http://{}:{}, mqtts://{}:{}, storage {}",
                config.region(),
                config.bind(),
                adminPort(),
                config.bind(),
                publicPort(),
                config.bind(),
                mqttPort(),
                database.location());
        return this;
    }

    /** The data directory's layout, the sealed key files and the CA hierarchy, as opened at start. */
    private record Opened(NodeLayout layout, SealedKeyFiles keyFiles, CaHierarchy hierarchy) {}

    /** Master key, the data directory's lock, storage (initialized on first start), the CAs, then the audit trail. */
    private Opened openStorageAndAudit(SecureRandom random) {
        NodeInitializer initializer = new NodeInitializer(config, clock, random);
        // First, so that a missing or wrong passphrase stops the node before anything is opened.
        masterKey = initializer.masterKey();
        lock = NodeLock.acquire(config.dataDir());
        database = Database.open(config.db(), config.dataDir());
        StorageRecord.of(database.location(), config.db()).write(config.dataDir());
        keys = NodeInitializer.keySource(config);
        NodeInitializer.Result initialized = initializer.initialize(database, keys, masterKey);
        NodeLayout layout = new NodeLayout(config.dataDir());
        // Every private key under pki/ is sealed under the master key; each is decrypted in memory only.
        SealedKeyFiles keyFiles = new SealedKeyFiles(masterKey);
        CaHierarchy hierarchy =
                CaStore.load(layout.pkiDir(), config.region(), keys instanceof Pkcs11KeySource ? keys : null, keyFiles);

        auditTrail = new NodeAuditTrail(config);
        auditTrail.start(database, layout, keys, keyFiles, clock);
        audit = new NodeAudit(auditTrail.log(), config.audit().node());
        readiness.watchAudit(auditTrail.log()::unhealthyReason);
        for (String policy : initialized.updatedBuiltInPolicies()) {
            // Made before the trail opened; every change leaves evidence, so it is recorded as soon as it can be.
            audit.recordDurable(audit.event("iam:UpdateBuiltInPolicy")
                    .principal(dev.warden.audit.AuditPrincipal.SYSTEM)
                    .resource(dev.warden.policy.Arn.iam(config.account(), "policy/" + policy)
                            .toString())
                    .detail("reason", "the stored document was an older release's"));
        }
        return new Opened(layout, keyFiles, hierarchy);
    }

    /** Monitoring, boot attestation, the registry, continuous compliance and incident response. */
    private void startSecurityServices(Opened opened, SecureRandom random) {
        monitor = new NodeMonitor(config.monitor(), database, audit, config.region(), config.account(), clock)
                .start(scheduler);
        attestation = new NodeAttestation(
                database,
                data.firmware().service(),
                audit,
                monitor.sink(),
                config.region(),
                config.account(),
                clock,
                random);
        registry = NodeRegistry.start(config, database, opened.hierarchy(), audit, random, clock);
        compliance = NodeCompliance.start(
                new NodeCompliance.Parts(
                        config,
                        opened.layout(),
                        database,
                        audit,
                        opened.hierarchy(),
                        registry.clientTrust(),
                        data.buckets(),
                        () -> auditTrail.keys().list().keys().stream()
                                .map(AuditKeys.Key::publicKey)
                                .toList(),
                        () -> mqtt == null ? null : mqtt.gateway(),
                        this::regions),
                scheduler,
                clock);
        incidents = NodeIncidents.start(config, database, audit, auditTrail.store(), clock);
        monitor.watch(incidents::onAlarms);
    }

    /**
     * The MQTT gateway (fed to monitoring), its stored bans, then what acts on it: monitoring's mitigations and
     * incident response (playbooks, notifications, the clocks).
     */
    private void startGateway(NodeLayout layout, SealedKeyFiles keyFiles) {
        mqtt = new NodeGateway(config)
                .withListener(data.jobs().mqtt())
                .withListener(attestation.mqtt())
                .withListener(data.e2e().mqtt());
        mqtt.start(
                layout,
                keyFiles,
                registry.clientTrust(),
                registry.provisioning(),
                database,
                audit,
                registry.index(),
                policies,
                data.recorder(),
                data.sessions(),
                monitor.sink(),
                deployment.residency(),
                deployment.guests());
        deployment.startFailover(database, data.telemetry(), mqtt::gateway);
        data.jobs().start(mqtt.gateway());
        data.e2e().start(mqtt.gateway());
        attestation.start(mqtt.gateway());
        NodeFirewall.restore(mqtt.gateway(), database, clock);
        NodeResponse.start(
                new NodeResponse.Parts(
                        config,
                        database,
                        audit,
                        policies,
                        registry.certificates(),
                        secrets,
                        auditTrail.store(),
                        data.telemetry(),
                        playbookBackends,
                        () -> mqtt == null ? null : mqtt.gateway(),
                        mqtt.publishDetail(),
                        clock),
                monitor,
                incidents);
    }

    /** KMS (checked against the master key), secrets, then what devices leave on the node. */
    private KmsMaintenance startKmsAndDeviceData() {
        // Keys of origin HSM live in the node's HSM, the token that holds the CA keys (hsm), when it has one.
        HsmKeyStore hsm = keys instanceof Pkcs11KeySource token ? new Pkcs11HsmKeyStore(token) : HsmKeyStore.NONE;
        kms = new KeyManagementService(database, masterKey, config.region(), clock, new AuditedKmsEvents(audit), hsm);
        kms.requireMasterKeyOpensHierarchy();
        secrets = new SecretsManager(database, kms, DefaultKey.NAME);
        resolveSecretReferences();
        KmsMaintenance kmsMaintenance = new KmsMaintenance(kms, scheduler);
        data = NodeDeviceData.open(
                config,
                database,
                kms,
                audit,
                scheduler,
                new NodeDeviceData.Urls(
                        () -> "http://" + NodeHttp.hostFor(config.bind()) + ":" + publicPort(),
                        () -> "https://" + NodeHttp.hostFor(config.bind()) + ":" + adminPort()),
                clock);
        return kmsMaintenance;
    }

    /** The public HTTP endpoint, then the HTTPS admin API; both started. */
    private void startHttp(
            NodeLayout layout, SealedKeyFiles keyFiles, KmsMaintenance kmsMaintenance, SecureRandom random) {
        startPublicHttp();
        startAdminHttp(layout, keyFiles, kmsMaintenance, random);
    }

    /** Health, CRL and OCSP, audit keys, the status page and firmware update metadata: all public by design. */
    private void startPublicHttp() {
        publicApp = NodeHttp.publicApp();
        new PublicApi(
                        config.apiSettings(),
                        registry.certificates(),
                        registry.crl(),
                        registry.ocsp(),
                        auditTrail.keys()::list)
                .register(publicApp, readiness);
        new dev.warden.api.StatusPageRoutes(incidents.publicStatus(), config.region(), clock).register(publicApp);
        new dev.warden.api.UpdateMetadataRoutes(data.firmware().repository()).register(publicApp);
        publicApp.start(config.bind(), config.publicPort());
    }

    /** What /metrics serves: the gateway's, monitoring's, the audit trail's, telemetry's, incidents', regions'. */
    private void startMetrics() {
        metrics = new NodeMetrics()
                .gateway(() -> mqtt == null ? null : mqtt.gateway())
                .monitor(monitor.loop())
                .audit(auditTrail.log())
                .telemetry(data.recorder());
        monitor.bindMetrics(metrics);
        incidents.bindMetrics(metrics);
        deployment.bindMetrics(metrics);
    }

    /** The HTTPS admin API (mTLS or tokens), with region links and the metrics it serves. */
    private void startAdminHttp(
            NodeLayout layout, SealedKeyFiles keyFiles, KmsMaintenance kmsMaintenance, SecureRandom random) {
        List<X509Certificate> serverChain = Pem.parseCertificates(NodeInitializer.read(layout.serverCertificate()));
        var serverKey = keyFiles.read(layout.serverKey());
        deployment = new NodeDeployment(config, audit, clock);
        dev.warden.region.forward.ForwardKey forwardKey = dev.warden.region.forward.ForwardKey.random();
        javax.net.ssl.X509TrustManager adminTrust = deployment.adminTrust(registry.clientTrust());
        admin = NodeHttp.adminApp(config, TlsSettings.serverContext(serverKey, serverChain, adminTrust));
        policies = new ThingPolicyCache(database, config.region(), config.account());
        NodeIam iam = NodeIam.open(config, database, kms, layout, keyFiles, policies, random, clock);
        deployment.start(
                database,
                audit,
                registry.hierarchy(),
                layout,
                keyFiles,
                () -> {
                    // Replicated IAM arrived: nothing decided from now on may come from the old one.
                    policies.invalidateAll();
                    iam.authorizer().invalidate();
                },
                data.buckets());
        deployment.shareTokens(iam.tokens());
        dev.warden.node.incident.PlaybookBackends here = new dev.warden.node.incident.PlaybookBackends(
                iam.users(), new dev.warden.iam.ServiceAccounts(database, clock), registry.jitp(), iam.policies());
        playbookBackends = new dev.warden.node.incident.PlaybookBackends(
                here.users(),
                here.services(),
                here.manufacturerCas(),
                here.policies(),
                deployment.startContainment(here.principals()).orElse(null));
        startMetrics();
        NodeAdminApi.register(
                new NodeAdminApi.Parts(
                        config,
                        database,
                        iam,
                        registry,
                        audit,
                        auditTrail,
                        kms,
                        kmsMaintenance,
                        secrets,
                        data.telemetry(),
                        data.sessions(),
                        data.buckets(),
                        () -> mqtt == null ? null : mqtt.gateway(),
                        monitor,
                        compliance,
                        metrics,
                        incidents,
                        deployment,
                        data.firmware(),
                        data.jobs(),
                        data.e2e(),
                        attestation,
                        this::mqttPort,
                        clock),
                forwardKey,
                admin,
                readiness);
        admin.start();
        deployment.startForwarding(
                "localhost",
                this::adminPort,
                Pem.parseCertificate(NodeInitializer.read(layout.rootCertificate())),
                forwardKey);
    }

    /**
     * Replaces {@code ${secret:NAME}} in configuration values by each secret's CURRENT value (each read audited as a
     * secret read); a missing secret stops the node, naming the key and the secret. Values are never logged.
     */
    private void resolveSecretReferences() {
        if (!config.referencesSecrets()) {
            return;
        }
        try {
            config = ConfigLoader.resolveSecrets(config, name -> SecretReferences.current(secrets, name));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Resolved the configuration's secret references from the secrets manager");
    }

    public int adminPort() {
        return admin.port();
    }

    public int mqttPort() {
        return mqtt.gateway().port();
    }

    public MqttGateway gateway() {
        return mqtt.gateway();
    }

    public TrafficSummaries trafficSummaries() {
        return mqtt.traffic();
    }

    /**
     * Security monitoring's mitigations: run one (the admin API's routes and the alarm book call it), list them and
     * their webhook deliveries. Null until the gateway has started.
     */
    public dev.warden.monitor.mitigation.MitigationService mitigator() {
        return monitor == null ? null : monitor.mitigations();
    }

    /** Device-side metrics over MQTT: its counters of accepted and rejected reports. */
    public DeviceMetricsListener deviceMetrics() {
        return mqtt.deviceMetrics();
    }

    /** Region links (null with {@code region-links: off}). */
    public dev.warden.region.service.Regions regions() {
        return deployment == null ? null : deployment.regions();
    }

    public int publicPort() {
        return publicApp.port();
    }

    public WardenConfig config() {
        return config;
    }

    public CertificateService certificates() {
        return registry.certificates();
    }

    public CertificateStatusIndex statusIndex() {
        return registry.index();
    }

    public NodeAudit audit() {
        return audit;
    }

    /** Delivery of this node's checkpoints to its witness; empty when no witness is configured. */
    public Optional<WitnessStatus> witnessStatus() {
        return Optional.ofNullable(auditTrail.witness()).map(WitnessAnchor::status);
    }

    /** The region's key management service (events go to the audit trail). */
    public KeyManagementService kms() {
        return kms;
    }

    public SecretsManager secrets() {
        return secrets;
    }

    /** Device data at rest: stored telemetry, its queries and erasure. */
    public TelemetryStore telemetry() {
        return data.telemetry();
    }

    /** The gateway's persistent sessions as stored (encrypted), and their deletion with their thing. */
    public ThingSessions mqttSessions() {
        return data.sessions();
    }

    /** Buckets: device files encrypted at rest under per-bucket data keys, with resource policies. */
    public dev.warden.jobs.JobService jobs() {
        return data.jobs().service();
    }

    public dev.warden.firmware.FirmwareService firmware() {
        return data.firmware().service();
    }

    /** Boot attestation: nonces, devices' reports and their verdicts. */
    public dev.warden.firmware.attestation.AttestationService attestation() {
        return attestation.service();
    }

    public BucketStore buckets() {
        return data.buckets();
    }

    /** The gateway's telemetry writer, for its counters (stored, dropped, refused, failed). */
    public TelemetryRecorder telemetryRecorder() {
        return data.recorder();
    }

    public Database database() {
        return database;
    }

    /** Hands every alarm raised or cleared to {@code watcher} too (on the monitor thread: it must be quick). */
    public void watchAlarms(dev.warden.monitor.AlarmSink watcher) {
        monitor.watch(watcher);
    }

    /** Incident response: incidents, their clocks and timelines. */
    public dev.warden.incident.service.IncidentService incidents() {
        return incidents.incidents();
    }

    /** The monitor thread (null with {@code monitor: off}): for tests and benchmarks that watch the engine. */
    public dev.warden.monitor.MonitorLoop monitorLoop() {
        return monitor == null ? null : monitor.loop();
    }

    /** Closes what was started, in the order that loses nothing: listeners first, then writers, storage last. */
    @Override
    public void close() {
        readiness.markStopping();
        closing(scheduler, ScheduledExecutorService::shutdownNow);
        closing(mqtt, NodeGateway::close);
        closing(data, d -> d.jobs().close());
        closing(data, d -> d.e2e().close());
        closing(attestation, NodeAttestation::close);
        closing(monitor, NodeMonitor::close);
        closing(compliance, NodeCompliance::close);
        closing(incidents, NodeIncidents::close);
        // After the gateway, so nothing new arrives; before the database, so what is queued gets written.
        closing(data, d -> d.recorder().close());
        closing(admin, Javalin::stop);
        // Before the links and the database: a pass in flight neither sends into a closed link nor writes after.
        closing(data, d -> d.buckets().replication().close());
        closing(deployment, NodeDeployment::close);
        closing(publicApp, Javalin::stop);
        // After the admin API, which scrapes it.
        closing(metrics, NodeMetrics::close);
        // After the listeners stop, so the last admin events are in the final signed digest.
        closing(auditTrail, NodeAuditTrail::close);
        closing(lock, NodeLock::close);
        closing(database, Database::close);
        closeHsmSession(masterKey, "the KMS master key's HSM session");
        closeHsmSession(keys, "the HSM session");
        try {
            java.nio.file.Files.deleteIfExists(new NodeLayout(config.dataDir()).endpointsFile());
        } catch (java.io.IOException e) {
            LOG.debug("endpoints file not removed", e);
        }
    }

    private static <T> void closing(T part, java.util.function.Consumer<T> close) {
        if (part != null) {
            close.accept(part);
        }
    }

    private static void closeHsmSession(Object part, String what) {
        if (part instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", what, e);
            }
        }
    }
}
