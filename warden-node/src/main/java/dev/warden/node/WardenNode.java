package dev.warden.node;

import dev.warden.api.AdminApi;
import dev.warden.api.AuditApi;
import dev.warden.api.BucketsApi;
import dev.warden.api.FirewallApi;
import dev.warden.api.KmsApi;
import dev.warden.api.MetricsApi;
import dev.warden.api.PublicApi;
import dev.warden.api.ReadinessProbe;
import dev.warden.api.SecretsApi;
import dev.warden.api.TelemetryApi;
import dev.warden.api.WitnessApi;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditArchiver;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.witness.store.CheckpointWitnessService;
import dev.warden.buckets.BucketStore;
import dev.warden.gateway.MqttGateway;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.PasswordHasher;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.SecretsManager;
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
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.KeySource;
import dev.warden.pki.OcspResponder;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.registry.CrlPublisher;
import dev.warden.registry.PolicyService;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.PreProvisioningHook;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.sessions.EncryptedSessionStore;
import dev.warden.telemetry.sessions.ThingSessions;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private CertificateService certificates;
    private CertificateStatusIndex index;
    private NodeAuditTrail auditTrail;
    private NodeLock lock;
    private volatile NodeGateway mqtt;
    private ThingPolicyCache policies;
    private NodeAudit audit;
    private MasterKey masterKey;
    private KeyManagementService kms;
    private SecretsManager secrets;
    private TelemetryStore telemetry;
    private TelemetryRecorder telemetryRecorder;
    private ThingSessions mqttSessions;
    private BucketStore buckets;
    private NodeFirmware firmware;
    private NodeJobs jobs;
    private NodeE2e e2e;
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
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-scheduler");
            t.setDaemon(true);
            return t;
        });
        KmsMaintenance kmsMaintenance = startKmsAndDeviceData();
        monitor = new NodeMonitor(config.monitor(), database, audit, config.region(), config.account(), clock)
                .start(scheduler);
        attestation = new NodeAttestation(
                database, firmware.service(), audit, monitor.sink(), config.region(), config.account(), clock, random);
        Registry registry = startRegistry(hierarchy, random);
        compliance = NodeCompliance.start(
                new NodeCompliance.Parts(
                        config,
                        layout,
                        database,
                        audit,
                        hierarchy,
                        registry.clientTrust(),
                        buckets,
                        () -> auditTrail.keys().list().keys().stream()
                                .map(AuditKeys.Key::publicKey)
                                .toList(),
                        () -> mqtt == null ? null : mqtt.gateway(),
                        this::regions),
                scheduler,
                clock);
        incidents = NodeIncidents.start(config, database, audit, auditTrail.store(), clock);
        monitor.watch(incidents::onAlarms);
        startHttp(layout, keyFiles, registry, kmsMaintenance, random);
        startGateway(layout, keyFiles, registry);
        schedule(registry.crl(), kmsMaintenance);
        monitor.schedule(scheduler, mqtt.gateway());

        NodeHttp.writeEndpoints(layout, config, adminPort(), publicPort(), mqttPort(), deployment.linkUrl());
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

    /**
     * The MQTT gateway (fed to monitoring), its stored bans, then what acts on it: monitoring's mitigations and
     * incident response (playbooks, notifications, the clocks).
     */
    private void startGateway(NodeLayout layout, SealedKeyFiles keyFiles, Registry registry) {
        mqtt = new NodeGateway(config)
                .withListener(jobs.mqtt())
                .withListener(attestation.mqtt())
                .withListener(e2e.mqtt());
        mqtt.start(
                layout,
                keyFiles,
                registry.clientTrust(),
                registry.provisioning(),
                database,
                audit,
                index,
                policies,
                telemetryRecorder,
                mqttSessions,
                monitor.sink(),
                deployment.residency(),
                deployment.guests());
        deployment.startFailover(database, telemetry, mqtt::gateway);
        jobs.start(mqtt.gateway());
        e2e.start(mqtt.gateway());
        attestation.start(mqtt.gateway());
        NodeFirewall.restore(mqtt.gateway(), database, clock);
        NodeResponse.start(
                new NodeResponse.Parts(
                        config,
                        database,
                        audit,
                        policies,
                        certificates,
                        secrets,
                        auditTrail.store(),
                        telemetry,
                        playbookBackends,
                        () -> mqtt == null ? null : mqtt.gateway(),
                        mqtt.publishDetail(),
                        clock),
                monitor,
                incidents);
    }

    /** KMS (checked against the master key), secrets, stored telemetry, persistent sessions and buckets. */
    private KmsMaintenance startKmsAndDeviceData() {
        kms = new KeyManagementService(database, masterKey, config.region(), clock, new AuditedKmsEvents(audit));
        kms.requireMasterKeyOpensHierarchy();
        secrets = new SecretsManager(database, kms, DefaultKey.NAME);
        resolveSecretReferences();
        KmsMaintenance kmsMaintenance = new KmsMaintenance(kms, scheduler);
        telemetry = new TelemetryStore(database, kms, DefaultKey.NAME, clock);
        telemetryRecorder = new TelemetryRecorder(telemetry, config.telemetry().queueCapacity()).start();
        // Persistent MQTT sessions are stored under each thing's data key too, so an erasure shreds them as well.
        mqttSessions = new ThingSessions(new EncryptedSessionStore(
                database, telemetry.dataKeys(), config.region(), config.account(), clock, audit));
        buckets = new BucketStore(database, kms, DefaultKey.NAME, config.account(), clock);
        firmware = new NodeFirmware(database, buckets, kms, config.region(), config.account(), clock).start(scheduler);
        e2e = new NodeE2e(database, config.region(), clock);
        jobs = new NodeJobs(
                database,
                (job, thing) -> firmware.document(
                        job,
                        thing,
                        () -> "http://" + NodeHttp.hostFor(config.bind()) + ":" + publicPort(),
                        () -> "https://" + NodeHttp.hostFor(config.bind()) + ":" + adminPort()),
                audit,
                config.region(),
                config.account(),
                clock);
        return kmsMaintenance;
    }

    /** What the registry hands to the HTTP servers and the gateway. */
    private record Registry(
            CaHierarchy hierarchy,
            CrlPublisher crl,
            OcspResponder ocsp,
            ClientTrust clientTrust,
            JitpService jitp,
            ProvisioningService provisioning) {}

    /** Certificates and their status index, CRL and OCSP, client trust, JITP and provisioning. */
    private Registry startRegistry(CaHierarchy hierarchy, SecureRandom random) {
        index = new CertificateStatusIndex();
        CrlPublisher crl =
                new CrlPublisher(hierarchy.issuing(), index, database, config.region(), clock, config.crlRefresh());
        OcspResponder ocsp =
                new OcspResponder(hierarchy.issuing(), hierarchy.ocsp(), index, clock, Duration.ofHours(1));
        CertificateIssuer issuer = new CertificateIssuer(hierarchy.issuing(), random, clock);
        certificates = new CertificateService(
                config.registrySettings(), database, hierarchy, issuer, index, crl, ocsp, audit, clock);
        certificates.loadIndex();
        crl.rebuild();

        ClientTrust clientTrust = new ClientTrust(
                hierarchy.root().certificate(), List.of(hierarchy.issuing().certificate()));
        JitpService jitp = new JitpService(config.registrySettings(), database, certificates, clientTrust, clock);
        jitp.loadTrust();
        ProvisioningService provisioning = new ProvisioningService(
                config.registrySettings(), database, certificates, new PreProvisioningHook(), random, clock);
        return new Registry(hierarchy, crl, ocsp, clientTrust, jitp, provisioning);
    }

    /** The public HTTP endpoint, then the HTTPS admin API; both started. */
    private void startHttp(
            NodeLayout layout,
            SealedKeyFiles keyFiles,
            Registry registry,
            KmsMaintenance kmsMaintenance,
            SecureRandom random) {
        AdminCredentials credentials = new AdminCredentials(database, random, clock);
        publicApp = NodeHttp.publicApp();
        new PublicApi(config.apiSettings(), certificates, registry.crl(), registry.ocsp(), auditTrail.keys()::list)
                .register(publicApp, readiness);
        new dev.warden.api.StatusPageRoutes(incidents.publicStatus(), config.region(), clock).register(publicApp);
        new dev.warden.api.UpdateMetadataRoutes(firmware.repository()).register(publicApp);
        publicApp.start(config.bind(), config.publicPort());

        List<X509Certificate> serverChain = Pem.parseCertificates(NodeInitializer.read(layout.serverCertificate()));
        var serverKey = keyFiles.read(layout.serverKey());
        deployment = new NodeDeployment(config, audit, clock);
        dev.warden.region.forward.ForwardKey forwardKey = dev.warden.region.forward.ForwardKey.random();
        javax.net.ssl.X509TrustManager adminTrust = deployment.adminTrust(registry.clientTrust());
        admin = NodeHttp.adminApp(config, TlsSettings.serverContext(serverKey, serverChain, adminTrust));
        policies = new ThingPolicyCache(database, config.region(), config.account());
        AdminAuthorizer adminAuthorizer = new AdminAuthorizer(database, clock, config.region());
        TokenService tokens = new TokenService(
                (ECPrivateKey) keyFiles.read(layout.tokenSigningKey()),
                (ECPublicKey) Pem.parsePublicKey(NodeInitializer.read(layout.tokenPublicKey())),
                "warden:" + config.region() + ":" + config.account(),
                clock,
                TokenService.DEFAULT_TTL);
        UserService users = new UserService(
                database, kms, DefaultKey.NAME, tokens, PasswordHasher.RECOMMENDED, "Warden " + config.region(), clock);
        PolicyService policyService = new PolicyService(database, policies, adminAuthorizer, clock);
        deployment.start(
                database,
                audit,
                registry.hierarchy(),
                layout,
                keyFiles,
                () -> {
                    // Replicated IAM arrived: nothing decided from now on may come from the old one.
                    policies.invalidateAll();
                    adminAuthorizer.invalidate();
                },
                buckets);
        deployment.shareTokens(tokens);
        dev.warden.api.RegionApi regionApi = deployment.api();
        playbookBackends = new dev.warden.node.incident.PlaybookBackends(
                users, new dev.warden.iam.ServiceAccounts(database, clock), registry.jitp(), policyService);
        AuditStore auditStore = auditTrail.store();
        AuditSigningKeys auditKeys = auditTrail.keys();
        metrics = new NodeMetrics()
                .gateway(() -> mqtt == null ? null : mqtt.gateway())
                .monitor(monitor.loop())
                .audit(auditTrail.log())
                .telemetry(telemetryRecorder);
        monitor.bindMetrics(metrics);
        incidents.bindMetrics(metrics);
        deployment.bindMetrics(metrics);
        new AdminApi(
                        config.apiSettings(),
                        database,
                        credentials,
                        certificates,
                        registry.provisioning(),
                        registry.jitp(),
                        policyService,
                        adminAuthorizer,
                        tokens,
                        users,
                        audit,
                        new AuditApi(
                                        auditStore,
                                        config.region(),
                                        new AuditArchiver(
                                                auditStore,
                                                auditTrail.log(),
                                                config.audit().node(),
                                                () -> auditKeys.list().keys().stream()
                                                        .map(AuditKeys.Key::publicKey)
                                                        .toList()),
                                        config.dataDir().resolve("audit-archive"),
                                        rotation(auditKeys, auditTrail.anchorFile()))
                                .withRegionChains(deployment.regionChains()),
                        new KmsApi(config.apiSettings(), kms, kmsMaintenance),
                        new SecretsApi(config.apiSettings(), secrets),
                        new TelemetryApi(config.apiSettings(), telemetry, mqttSessions, audit),
                        new BucketsApi(buckets),
                        new WitnessApi(
                                new CheckpointWitnessService(database, auditTrail.signer(), clock), config.account()),
                        new FirewallApi(
                                config.apiSettings(),
                                new NodeFirewall(() -> mqtt == null ? null : mqtt.gateway(), database, clock)),
                        monitor.api(),
                        compliance.api(),
                        new MetricsApi(metrics::scrape),
                        clock)
                .with(incidents.api(telemetry, compliance.service()))
                .with(new dev.warden.api.PlaybookApi(
                        incidents.incidents(), incidents::playbooks, incidents::customPlaybooks))
                .with(new dev.warden.api.OnCallApi(incidents.onCall(), incidents.incidents(), incidents::notifier))
                .with(regionApi)
                .with(new dev.warden.api.FirmwareApi(
                        firmware.service(), config.account(), firmware.grants(), attestation.service(), clock))
                .with(new dev.warden.api.JobsApi(jobs.service(), firmware.service(), config.account()))
                .with(new dev.warden.api.E2eApi(e2e.recipients(), config.region(), config.account()))
                .with(new dev.warden.api.FirmwareKeysApi(firmware::rotate, config.region(), config.account()))
                .guardWrites(regionApi.iamGuard())
                .discovery(new dev.warden.registry.residency.DeviceDiscovery(
                        config.region(),
                        registry.clientTrust(),
                        new dev.warden.registry.RegistryDeviceAuthenticator(index, database),
                        deployment.residencyOrNone(),
                        () -> "mqtts://" + NodeHttp.hostFor(config.bind()) + ":" + mqttPort(),
                        deployment.guests()))
                .forwarding(forwardKey, deployment::forwarding)
                .register(admin, readiness);
        admin.start();
        deployment.startForwarding(
                "localhost",
                this::adminPort,
                Pem.parseCertificate(NodeInitializer.read(layout.rootCertificate())),
                forwardKey);
    }

    /** The node's periodic work: CRL, rotation overlaps, traffic summaries, KMS maintenance, retention. */
    private void schedule(CrlPublisher crl, KmsMaintenance kmsMaintenance) {
        long refreshSeconds = config.crlRefresh().toSeconds();
        scheduler.scheduleAtFixedRate(
                () -> runQuietly("CRL refresh", crl::rebuild), refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("rotation overlap", certificates::deactivateDue), 30, 30, TimeUnit.SECONDS);
        TrafficSummaries traffic = mqtt.traffic();
        scheduler.scheduleAtFixedRate(() -> runQuietly("traffic summaries", traffic::flush), 60, 60, TimeUnit.SECONDS);
        kmsMaintenance.start();
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("telemetry retention", this::applyTelemetryRetention), 1, 60, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("bucket retention", () -> buckets.applyRetention(clock.instant())),
                1,
                60,
                TimeUnit.MINUTES);
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

    /** Deletes telemetry older than {@code telemetry-retention-days}. */
    private void applyTelemetryRetention() {
        int deleted = telemetry.deleteReceivedBefore(
                clock.instant().minus(config.telemetry().retention()));
        if (deleted > 0) {
            LOG.info(
                    "Telemetry retention: deleted {} messages older than {} days",
                    deleted,
                    config.telemetry().retention().toDays());
        }
    }

    private static void runQuietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
        }
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
        return certificates;
    }

    public CertificateStatusIndex statusIndex() {
        return index;
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
        return telemetry;
    }

    /** The gateway's persistent sessions as stored (encrypted), and their deletion with their thing. */
    public ThingSessions mqttSessions() {
        return mqttSessions;
    }

    /** Buckets: device files encrypted at rest under per-bucket data keys, with resource policies. */
    public dev.warden.jobs.JobService jobs() {
        return jobs.service();
    }

    public dev.warden.firmware.FirmwareService firmware() {
        return firmware.service();
    }

    /** Boot attestation: nonces, devices' reports and their verdicts. */
    public dev.warden.firmware.attestation.AttestationService attestation() {
        return attestation.service();
    }

    public BucketStore buckets() {
        return buckets;
    }

    /** The gateway's telemetry writer, for its counters (stored, dropped, refused, failed). */
    public TelemetryRecorder telemetryRecorder() {
        return telemetryRecorder;
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

    @Override
    public void close() {
        readiness.markStopping();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (e2e != null) {
            e2e.close();
        }
        if (attestation != null) {
            attestation.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (compliance != null) {
            compliance.close();
        }
        if (incidents != null) {
            incidents.close();
        }
        if (telemetryRecorder != null) {
            // After the gateway, so nothing new arrives; before the database, so what is queued gets written.
            telemetryRecorder.close();
        }
        if (admin != null) {
            admin.stop();
        }
        if (buckets != null) {
            // Before the links and the database: a pass in flight neither sends into a closed link nor writes after.
            buckets.replication().close();
        }
        if (deployment != null) {
            deployment.close();
        }
        if (publicApp != null) {
            publicApp.stop();
        }
        if (metrics != null) {
            // After the admin API, which scrapes it.
            metrics.close();
        }
        if (auditTrail != null) {
            // After the listeners stop, so the last admin events are in the final signed digest.
            auditTrail.close();
        }
        if (lock != null) {
            lock.close();
        }
        if (database != null) {
            database.close();
        }
        if (masterKey instanceof AutoCloseable hsmKey) {
            try {
                hsmKey.close();
            } catch (Exception e) {
                LOG.warn("closing the KMS master key's HSM session failed", e);
            }
        }
        if (keys instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the HSM session failed", e);
            }
        }
        try {
            java.nio.file.Files.deleteIfExists(new NodeLayout(config.dataDir()).endpointsFile());
        } catch (java.io.IOException e) {
            LOG.debug("endpoints file not removed", e);
        }
    }

    /** The admin API's key rotation, done by the node's audit-signing keys. */
    private AuditApi.Rotation rotation(AuditSigningKeys keys, dev.warden.audit.anchor.AnchorFile anchor) {
        return () -> {
            AuditSigningKeys.Rotated r = keys.rotate(audit, anchor);
            return new AuditApi.Rotated(r.oldKeyId(), r.newKeyId(), r.lastOldDigestSeq(), r.firstNewDigestSeq());
        };
    }
}
