package dev.warden.node;

import dev.warden.policy.Arn;
import dev.warden.storage.SecureFiles;
import dev.warden.iam.AdminCredentials;
import dev.warden.audit.AuditIntegrity;
import dev.warden.audit.AuditLog;
import dev.warden.audit.anchor.AnchorFile;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.AnchorSinks;
import dev.warden.api.WitnessApi;
import dev.warden.audit.witness.CheckpointWitnessService;
import dev.warden.node.witness.WitnessAnchor;
import dev.warden.node.witness.WitnessStatus;
import dev.warden.node.AuditSealKey;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.store.AuditArchiver;
import dev.warden.audit.store.AuditStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.SecretsManager;
import dev.warden.api.AuditApi;
import dev.warden.api.KmsApi;
import dev.warden.api.SecretsApi;
import dev.warden.api.TelemetryApi;
import dev.warden.api.BucketsApi;
import dev.warden.buckets.BucketStore;
import dev.warden.registry.provisioning.ProvisioningOverMqtt;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.kms.node.AuditedKmsEvents;
import dev.warden.kms.node.DefaultKey;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.AuditKeys;
import dev.warden.gateway.FirewallRules;
import dev.warden.gateway.GatewayConfig;
import dev.warden.gateway.Rate;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.config.ConfigException;
import dev.warden.node.config.ConfigLoader;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretLabel;
import java.util.Optional;
import dev.warden.gateway.GatewayTls;
import dev.warden.gateway.MqttGateway;
import dev.warden.node.gateway.AuditedGatewayEvents;
import dev.warden.registry.RegistryDeviceAuthenticator;
import dev.warden.telemetry.sessions.EncryptedSessionStore;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.telemetry.sessions.ThingSessions;
import dev.warden.node.gateway.TrafficSummaries;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.PasswordHasher;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import dev.warden.registry.PolicyService;
import dev.warden.registry.store.CertificateStatus;
import java.security.PublicKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.KeySource;
import dev.warden.pki.OcspResponder;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.api.AdminApi;
import dev.warden.api.ErrorResponses;
import dev.warden.api.PublicApi;
import dev.warden.api.ReadinessProbe;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.registry.CrlPublisher;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.provisioning.PreProvisioningHook;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.registry.tls.TlsSettings;
import dev.warden.storage.Database;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warden node: storage, PKI, KMS and secrets, provisioning, the HTTPS admin API and the public HTTP endpoint,
 * wired with plain constructors. {@link #start()} returns once {@code /health} answers 200.
 */
public final class WardenNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WardenNode.class);
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

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
    private AuditLog auditLog;
    private AnchorFile anchorFile;
    private NodeLock lock;
    private WitnessAnchor witness;
    private MqttGateway gateway;
    private ThingPolicyCache policies;
    private TrafficSummaries traffic;
    private NodeAudit audit;
    private AuditSigningKeys auditKeys;
    private MasterKey masterKey;
    private KeyManagementService kms;
    private SecretsManager secrets;
    private TelemetryStore telemetry;
    private TelemetryRecorder telemetryRecorder;
    private ThingSessions mqttSessions;
    private BucketStore buckets;
    private ProvisioningOverMqtt mqttProvisioning;

    public WardenNode(WardenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public WardenNode start() {
        SecureRandom random = new SecureRandom();
        NodeInitializer initializer = new NodeInitializer(config, clock, random);
        // First, so that a missing or wrong passphrase stops the node before anything is opened.
        masterKey = initializer.masterKey();
        lock = NodeLock.acquire(config.dataDir());
        database = Database.open(config.db(), config.dataDir());
        StorageRecord.of(database.location(), config.db()).write(config.dataDir());
        keys = NodeInitializer.keySource(config);
        initializer.initialize(database, keys, masterKey);
        NodeLayout layout = new NodeLayout(config.dataDir());
        // Every private key under pki/ is sealed under the master key; each is decrypted in memory only.
        SealedKeyFiles keyFiles = new SealedKeyFiles(masterKey);
        CaHierarchy hierarchy = CaStore.load(layout.pkiDir(), config.region(),
                keys instanceof Pkcs11KeySource ? keys : null, keyFiles);

        auditKeys = AuditSigningKeys.open(layout, keys, keyFiles, config.region(), clock);
        DigestSigner auditSigner = auditKeys.currentSigner();
        AuditStore auditStore = new AuditStore(database);
        anchorFile = AnchorFile.open(config.audit().anchorDir(), config.region());
        witness = config.audit().witness().enabled() ? WitnessAnchor.start(config.audit().witness(), config.region(),
                auditStore, NodeInitializer.read(layout.auditPublicKey()), layout.rootCertificate(), anchorFile::cosignature)
                : null;
        // Every key is anchored before it signs: a trail re-signed under another key shows against the anchor.
        auditKeys.anchorMissing(anchorFile, AnchorLog.read(config.audit().anchorDir(), config.region()));
        AuditIntegrity integrity = new AuditIntegrity(config.audit().node(),
                AuditSealKey.openOrCreate(layout.auditSealKey(), keyFiles, config.region()),
                witness == null ? anchorFile : AnchorSinks.of(anchorFile, witness),
                () -> AnchorLog.read(config.audit().anchorDir(), config.region()));
        auditLog = new AuditLog(auditStore, config.region(), auditSigner, integrity, new AuditSettings(
                AuditSettings.DEFAULTS.queueCapacity(), AuditSettings.DEFAULTS.maxBatch(), config.audit().digestEveryEvents(),
                config.audit().digestInterval(), AuditSettings.DEFAULTS.durableTimeout()), clock).start();
        audit = new NodeAudit(auditLog, config.audit().node());
        readiness.watchAudit(auditLog::unhealthyReason);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-scheduler");
            t.setDaemon(true);
            return t;
        });
        kms = new KeyManagementService(database, masterKey, config.region(), clock, new AuditedKmsEvents(audit));
        try {
            kms.requireMasterKeyOpensHierarchy();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        secrets = new SecretsManager(database, kms, DefaultKey.NAME);
        resolveSecretReferences();
        KmsMaintenance kmsMaintenance = new KmsMaintenance(kms, scheduler);
        telemetry = new TelemetryStore(database, kms, DefaultKey.NAME, clock);
        telemetryRecorder = new TelemetryRecorder(telemetry, config.telemetry().queueCapacity()).start();
        // Persistent MQTT sessions are stored under each thing's data key too, so an erasure shreds them as well.
        mqttSessions = new ThingSessions(new EncryptedSessionStore(database, telemetry.dataKeys(), config.region(),
                config.account(), clock, audit));
        buckets = new BucketStore(database, kms, DefaultKey.NAME, config.account(), clock);

        index = new CertificateStatusIndex();
        CrlPublisher crl = new CrlPublisher(hierarchy.issuing(), index, database, config.region(), clock, config.crlRefresh());
        OcspResponder ocsp = new OcspResponder(hierarchy.issuing(), hierarchy.ocsp(), index, clock, Duration.ofHours(1));
        CertificateIssuer issuer = new CertificateIssuer(hierarchy.issuing(), random, clock);
        certificates = new CertificateService(config.registrySettings(), database, hierarchy, issuer, index, crl, ocsp, audit, clock);
        certificates.loadIndex();
        crl.rebuild();

        ClientTrust clientTrust = new ClientTrust(hierarchy.root().certificate(), List.of(hierarchy.issuing().certificate()));
        JitpService jitp = new JitpService(config.registrySettings(), database, certificates, clientTrust, clock);
        jitp.loadTrust();
        ProvisioningService provisioning = new ProvisioningService(config.registrySettings(), database, certificates, new PreProvisioningHook(),
                random, clock);
        AdminCredentials credentials = new AdminCredentials(database, random, clock);

        publicApp = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
        });
        ErrorResponses.install(publicApp);
        new PublicApi(config.apiSettings(), certificates, crl, ocsp, auditKeys::list).register(publicApp, readiness);
        publicApp.start(config.bind(), config.publicPort());

        List<X509Certificate> serverChain = Pem.parseCertificates(NodeInitializer.read(layout.serverCertificate()));
        var serverKey = keyFiles.read(layout.serverKey());
        var sslContext = TlsSettings.serverContext(serverKey, serverChain, clientTrust);
        admin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.addConnector((server, httpConfig) -> httpsConnector(server, httpConfig, sslContext));
        });
        ErrorResponses.install(admin);
        policies = new ThingPolicyCache(database, config.region(), config.account());
        AdminAuthorizer adminAuthorizer = new AdminAuthorizer(database, clock);
        TokenService tokens = new TokenService(
                (ECPrivateKey) keyFiles.read(layout.tokenSigningKey()),
                (ECPublicKey) Pem.parsePublicKey(NodeInitializer.read(layout.tokenPublicKey())),
                "warden:" + config.region() + ":" + config.account(), clock, TokenService.DEFAULT_TTL);
        UserService users = new UserService(database, kms, DefaultKey.NAME, tokens, PasswordHasher.RECOMMENDED,
                "Warden " + config.region(), clock);
        PolicyService policyService = new PolicyService(database, policies, adminAuthorizer, clock);
        new AdminApi(config.apiSettings(), database, credentials, certificates, provisioning, jitp, policyService, adminAuthorizer, tokens, users, audit,
                new AuditApi(auditStore, config.region(),
                        new AuditArchiver(auditStore, auditLog, config.audit().node(), () -> auditKeys.list().keys().stream()
                                .map(AuditKeys.Key::publicKey).toList()),
                        config.dataDir().resolve("audit-archive"), rotation(auditKeys, anchorFile)), new KmsApi(config.apiSettings(), kms, kmsMaintenance),
                new SecretsApi(config.apiSettings(), secrets), new TelemetryApi(config.apiSettings(), telemetry, mqttSessions, audit),
                new BucketsApi(buckets), new WitnessApi(new CheckpointWitnessService(database, auditSigner, clock),
                config.account()), clock).register(admin, readiness);
        admin.start();

        startGateway(layout, keyFiles, clientTrust, provisioning);

        long refreshSeconds = config.crlRefresh().toSeconds();
        scheduler.scheduleAtFixedRate(() -> runQuietly("CRL refresh", crl::rebuild), refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("rotation overlap", certificates::deactivateDue), 30, 30, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(() -> runQuietly("traffic summaries", traffic::flush), 60, 60, TimeUnit.SECONDS);
        kmsMaintenance.start();
        scheduler.scheduleWithFixedDelay(() -> runQuietly("telemetry retention", this::applyTelemetryRetention), 1, 60,
                TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("bucket retention", () -> buckets.applyRetention(clock.instant())),
                1, 60, TimeUnit.MINUTES);

        writeEndpoints(layout);
        readiness.markReady();
        LOG.info("Warden node ready: region {}, admin https://{}:{}, public http://{}:{}, mqtts://{}:{}, storage {}",
                config.region(), config.bind(), adminPort(), config.bind(), publicPort(), config.bind(), mqttPort(),
                database.location());
        return this;
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
            config = ConfigLoader.resolveSecrets(config, name -> {
                try {
                    return Optional.of(secrets.get(name, SecretLabel.CURRENT).value().asString());
                } catch (KmsException e) {
                    if (e.reason() == KmsReason.SECRET_NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw new ConfigException("config references secret '" + name + "', which cannot be read ("
                            + e.reason() + ")");
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Resolved the configuration's secret references from the secrets manager");
    }

    /**
     * The MQTT gateway: mTLS with the node's server certificate and the same client trust as the API, every CONNECT
     * checked against the live registry, every packet against the thing's policies, and every revocation or
     * deactivation cutting the device's live sessions at once.
     */
    private void startGateway(NodeLayout layout, SealedKeyFiles keyFiles, ClientTrust clientTrust,
                              ProvisioningService provisioning) {
        boolean storeTelemetry = config.telemetry().store();
        GatewayTls tls = GatewayTls.create(new ServerCredentialFiles(keyFiles, layout.serverKey(),
                layout.serverCertificate()), clientTrust);
        mqttProvisioning = new ProvisioningOverMqtt(provisioning, database, audit,
                Arn.prefix("iot", config.region(), config.account()));
        WardenConfig.Firewall f = config.firewall();
        FirewallRules rules = FirewallRules.defaults()
                .withAllow(f.allow().toArray(String[]::new))
                .withDeny(f.deny().toArray(String[]::new))
                .withConnectionRate(new Rate(f.connectionRate(), f.connectionBurst()))
                .withMaxConnectionsPerIp(f.maxConnectionsPerIp())
                .withPublishRate(new Rate(f.publishRate(), (int) Math.max(1, Math.min(Integer.MAX_VALUE, f.publishRate() * 2))));
        RegistryDeviceAuthenticator authenticator = new RegistryDeviceAuthenticator(index, database);
        gateway = new MqttGateway(GatewayConfig.of(config.bind(), config.mqttPort(), config.region(), config.account())
                .withFirewall(rules), tls, authenticator, policies,
                new AuditedGatewayEvents(audit, config.region(), config.account()), publish -> {
                    if (storeTelemetry) {
                        telemetryRecorder.onPublish(publish);
                    }
                    mqttProvisioning.onPublish(publish);
                }, mqttSessions.store());
        mqttSessions.attach(gateway);
        mqttProvisioning.attach(gateway);
        index.addListener(entry -> {
            if (entry.status() != CertificateStatus.ACTIVE) {
                gateway.sessions().disconnectBySerial(entry.serial());
                authenticator.forget(entry.serial());
            }
        });
        clientTrust.onChange(tls::rebuild);
        gateway.start();
        if (config.mqttWebSocketPort() > 0) {
            gateway.listenWebSocket(config.mqttWebSocketPort());
        }
        traffic = new TrafficSummaries(gateway.sessions(), audit);
    }

    /** Deletes telemetry older than {@code telemetry-retention-days}. */
    private void applyTelemetryRetention() {
        int deleted = telemetry.deleteReceivedBefore(clock.instant().minus(config.telemetry().retention()));
        if (deleted > 0) {
            LOG.info("Telemetry retention: deleted {} messages older than {} days", deleted,
                    config.telemetry().retention().toDays());
        }
    }

    private ServerConnector httpsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig,
                                           javax.net.ssl.SSLContext sslContext) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);
        tls.setIncludeProtocols(TlsSettings.PROTOCOLS);
        tls.setIncludeCipherSuites(TlsSettings.CIPHER_SUITES);
        tls.setWantClientAuth(true);
        tls.setRenegotiationAllowed(false);
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(config.bind());
        connector.setPort(config.adminPort());
        return connector;
    }

    private static void runQuietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
        }
    }

    private void writeEndpoints(NodeLayout layout) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("admin", "https://" + hostFor(config.bind()) + ":" + adminPort());
        endpoints.put("public", "http://" + hostFor(config.bind()) + ":" + publicPort());
        endpoints.put("mqtt", "mqtts://" + hostFor(config.bind()) + ":" + mqttPort());
        endpoints.put("region", config.region());
        try {
            SecureFiles.writePublic(layout.endpointsFile(), new ObjectMapper().writeValueAsString(endpoints));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostFor(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
    }

    public int adminPort() {
        return admin.port();
    }

    public int mqttPort() {
        return gateway.port();
    }

    public MqttGateway gateway() {
        return gateway;
    }

    public TrafficSummaries trafficSummaries() {
        return traffic;
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
        return Optional.ofNullable(witness).map(WitnessAnchor::status);
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

    @Override
    public void close() {
        readiness.markStopping();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (mqttProvisioning != null) {
            mqttProvisioning.close();
        }
        if (telemetryRecorder != null) {
            // After the gateway, so nothing new arrives; before the database, so what is queued gets written.
            telemetryRecorder.close();
        }
        if (admin != null) {
            admin.stop();
        }
        if (publicApp != null) {
            publicApp.stop();
        }
        if (auditLog != null) {
            // After the listeners stop, so the last admin events are in the final signed digest.
            auditLog.close();
        }
        if (witness != null) {
            witness.close();
        }
        if (anchorFile != null) {
            anchorFile.close();
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
    private AuditApi.Rotation rotation(AuditSigningKeys keys, AnchorFile anchor) {
        return () -> {
            AuditSigningKeys.Rotated r = keys.rotate(audit, anchor);
            return new AuditApi.Rotated(r.oldKeyId(), r.newKeyId(), r.lastOldDigestSeq(), r.firstNewDigestSeq());
        };
    }
}
