package dev.warden.node;

import dev.warden.api.ReadinessProbe;
import dev.warden.audit.NodeAudit;
import dev.warden.buckets.BucketStore;
import dev.warden.gateway.MqttGateway;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.node.KmsMaintenance;
import dev.warden.monitor.device.DeviceMetricsListener;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.TrafficSummaries;
import dev.warden.node.witness.WitnessAnchor;
import dev.warden.node.witness.WitnessStatus;
import dev.warden.registry.CertificateService;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.sessions.ThingSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warden node: storage, PKI, KMS and secrets, provisioning, the HTTPS admin API and the public HTTP endpoint,
 * wired with plain constructors. Only orders the parts (storage and the audit trail in {@link NodeStorage}, KMS and
 * secrets in {@link NodeKeyManagement}, device data, {@link NodeSecurityServices}, {@link NodeListeners}, the gateway
 * in {@link GatewayWiring}, periodic work) and closes them in the order that loses nothing. {@link #start()} returns once {@code /health} answers 200.
 */
public final class WardenNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WardenNode.class);

    /** Replaced once at start by the same configuration with its {@code ${secret:NAME}} references resolved. */
    private WardenConfig config;

    private final Clock clock;
    private final ReadinessProbe readiness = new ReadinessProbe();
    private NodeStorage storage;
    private ScheduledExecutorService scheduler;
    private KeyManagementService kms;
    private SecretsManager secrets;
    private NodeDeviceData data;
    private NodeSecurityServices security;
    private NodeListeners listeners;
    private volatile NodeGateway mqtt;

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
        storage = new NodeStorage(config, clock);
        storage.open(random, readiness);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-scheduler");
            t.setDaemon(true);
            return t;
        });
        KmsMaintenance kmsMaintenance = startKmsAndDeviceData();
        security = new NodeSecurityServices();
        security.start(
                config,
                new NodeSecurityServices.Parts(
                        storage, data.firmware().service(), data.buckets(), this::runningGateway, this::regions),
                scheduler,
                random,
                clock);
        listeners = new NodeListeners(new NodeListeners.Parts(
                config,
                storage,
                security,
                kms,
                kmsMaintenance,
                secrets,
                data,
                this::runningGateway,
                this::mqttPort,
                readiness,
                clock));
        listeners.start(random);
        startGateway();
        schedulePeriodicWork(kmsMaintenance);

        NodeHttp.writeEndpoints(
                storage.layout(),
                config,
                adminPort(),
                publicPort(),
                mqttPort(),
                deployment().linkUrl());
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
                storage.database().location());
        return this;
    }

    /** The node's periodic work ({@link NodeSchedule}), then monitoring's passes over the gateway. */
    private void schedulePeriodicWork(KmsMaintenance kmsMaintenance) {
        NodeSchedule.start(
                scheduler,
                new NodeSchedule.Parts(
                        config,
                        security.registry().crl(),
                        security.registry().certificates(),
                        mqtt.traffic(),
                        kmsMaintenance,
                        data.telemetry(),
                        data.buckets(),
                        listeners.traffic(),
                        clock));
        security.monitor().schedule(scheduler, mqtt.gateway());
    }

    /** The gateway once it has been made; null before. */
    private MqttGateway runningGateway() {
        return mqtt == null ? null : mqtt.gateway();
    }

    private NodeDeployment deployment() {
        return listeners == null ? null : listeners.deployment();
    }

    /** The gateway, kept as soon as it is made (so a failed start closes it), then started ({@link GatewayWiring}). */
    private void startGateway() {
        mqtt = GatewayWiring.gateway(config, data, security.attestation(), deployment());
        GatewayWiring.start(
                mqtt,
                new GatewayWiring.Parts(
                        config, storage, security, listeners, data, secrets, this::runningGateway, clock));
    }

    /** KMS (checked against the master key), secrets, the configuration's secret references, then device data. */
    private KmsMaintenance startKmsAndDeviceData() {
        NodeKeyManagement keys = NodeKeyManagement.open(storage, config, scheduler, clock);
        kms = keys.kms();
        secrets = keys.secrets();
        try {
            config = SecretReferences.resolve(config, secrets);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        data = NodeDeviceData.open(
                config,
                storage.database(),
                kms,
                storage.audit(),
                scheduler,
                new NodeDeviceData.Urls(
                        () -> "http://" + NodeHttp.hostFor(config.bind()) + ":" + publicPort(),
                        () -> "https://" + NodeHttp.hostFor(config.bind()) + ":" + adminPort()),
                clock);
        return keys.maintenance();
    }

    public int adminPort() {
        return listeners.adminPort();
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
        NodeMonitor monitor = security == null ? null : security.monitor();
        return monitor == null ? null : monitor.mitigations();
    }

    /** Device-side metrics over MQTT: its counters of accepted and rejected reports. */
    public DeviceMetricsListener deviceMetrics() {
        return mqtt.deviceMetrics();
    }

    /** Region links (null with {@code region-links: off}). */
    public dev.warden.region.service.Regions regions() {
        NodeDeployment deployment = deployment();
        return deployment == null ? null : deployment.regions();
    }

    public int publicPort() {
        return listeners.publicPort();
    }

    public WardenConfig config() {
        return config;
    }

    public CertificateService certificates() {
        return security.registry().certificates();
    }

    public CertificateStatusIndex statusIndex() {
        return security.registry().index();
    }

    public NodeAudit audit() {
        return storage.audit();
    }

    /** Delivery of this node's checkpoints to its witness; empty when no witness is configured. */
    public Optional<WitnessStatus> witnessStatus() {
        return Optional.ofNullable(storage.auditTrail().witness()).map(WitnessAnchor::status);
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
        return security.attestation().service();
    }

    public BucketStore buckets() {
        return data.buckets();
    }

    /** The gateway's telemetry writer, for its counters (stored, dropped, refused, failed). */
    public TelemetryRecorder telemetryRecorder() {
        return data.recorder();
    }

    public Database database() {
        return storage.database();
    }

    /** Hands every alarm raised or cleared to {@code watcher} too (on the monitor thread: it must be quick). */
    public void watchAlarms(dev.warden.monitor.AlarmSink watcher) {
        security.monitor().watch(watcher);
    }

    /** Incident response: incidents, their clocks and timelines. */
    public dev.warden.incident.service.IncidentService incidents() {
        return security.incidents().incidents();
    }

    /** The monitor thread (null with {@code monitor: off}): for tests and benchmarks that watch the engine. */
    public dev.warden.monitor.MonitorLoop monitorLoop() {
        NodeMonitor monitor = security == null ? null : security.monitor();
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
        closing(security, NodeSecurityServices::close);
        // After the gateway, so nothing new arrives; before the database, so what is queued gets written.
        closing(data, d -> d.recorder().close());
        closing(listeners, NodeListeners::stopAdmin);
        // Before the links and the database: a pass in flight neither sends into a closed link nor writes after.
        closing(data, d -> d.buckets().replication().close());
        // The region links, the public endpoint, then the metrics (after the admin API, which scrapes them).
        closing(listeners, NodeListeners::close);
        // After the listeners stop, so the last admin events are in the final signed digest; storage last.
        closing(storage, NodeStorage::close);
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
}
