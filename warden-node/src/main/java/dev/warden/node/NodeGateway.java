package dev.warden.node;

import dev.warden.audit.NodeAudit;
import dev.warden.gateway.BanPolicy;
import dev.warden.gateway.FirewallRules;
import dev.warden.gateway.GatewayConfig;
import dev.warden.gateway.GatewayTls;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.PublishListener;
import dev.warden.gateway.Rate;
import dev.warden.gateway.SealedTopics;
import dev.warden.gateway.SlowConsumerPolicy;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.device.DeviceMetricsListener;
import dev.warden.monitor.taps.MonitoredGatewayEvents;
import dev.warden.monitor.taps.MonitoredPublishes;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.AuditedGatewayEvents;
import dev.warden.node.gateway.PublishAuditDetail;
import dev.warden.node.gateway.TrafficSummaries;
import dev.warden.policy.Arn;
import dev.warden.registry.CertificateStatusIndex;
import dev.warden.registry.RegistryDeviceAuthenticator;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.provisioning.ProvisioningOverMqtt;
import dev.warden.registry.provisioning.ProvisioningService;
import dev.warden.registry.residency.GuestAwarePolicies;
import dev.warden.registry.residency.GuestDevices;
import dev.warden.registry.residency.Residency;
import dev.warden.registry.residency.ResidentDeviceAuthenticator;
import dev.warden.registry.residency.ResidentTrust;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryRecorder;
import dev.warden.telemetry.sessions.ThingSessions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.X509TrustManager;

/**
 * The MQTT gateway: mTLS with the node's server certificate and the same client trust as the API, every CONNECT
 * checked against the live registry, every packet against the thing's policies, and every revocation or
 * deactivation cutting the device's live sessions at once. In a deployment of regions, a device of another region
 * finishes its handshake and is sent home at CONNECT ({@code registry.residency}). Pieces are kept as they are
 * created, so that {@link #close} stops whatever a failed start had opened.
 */
final class NodeGateway {
    private final WardenConfig config;
    private MqttGateway gateway;
    private ProvisioningOverMqtt provisioning;
    private DeviceMetricsListener deviceMetrics;
    private TrafficSummaries traffic;
    private PublishAuditDetail publishDetail;
    private final List<PublishListener> capabilities = new ArrayList<>();
    private UnaryOperator<List<X509Certificate>> servedChain = UnaryOperator.identity();

    NodeGateway(WardenConfig config) {
        this.config = config;
    }

    /** One more capability that reads devices' publishes (jobs, say); before {@link #start}. */
    NodeGateway withListener(PublishListener listener) {
        capabilities.add(listener);
        return this;
    }

    /**
     * What the gateway presents above its certificate, from the chain in its files (leaf, issuing CA, root); before
     * {@link #start}. By default that chain as it is.
     */
    NodeGateway withServedChain(UnaryOperator<List<X509Certificate>> served) {
        this.servedChain = served;
        return this;
    }

    /** @param residency the deployment's other regions; null with {@code region-links: off} */
    NodeGateway start(
            NodeLayout layout,
            SealedKeyFiles keyFiles,
            ClientTrust clientTrust,
            ProvisioningService provisioningService,
            Database database,
            NodeAudit audit,
            CertificateStatusIndex index,
            ThingPolicyCache policies,
            TelemetryRecorder telemetryRecorder,
            ThingSessions mqttSessions,
            ObservationSink monitor,
            Residency residency,
            GuestDevices guests) {
        boolean storeTelemetry = config.telemetry().store();
        X509TrustManager trust = residency == null ? clientTrust : new ResidentTrust(clientTrust, residency);
        GatewayTls tls = GatewayTls.create(
                new ServedCredentials(
                        new ServerCredentialFiles(keyFiles, layout.serverKey(), layout.serverCertificate()),
                        servedChain),
                trust);
        provisioning = new ProvisioningOverMqtt(
                provisioningService, database, audit, Arn.prefix("iot", config.region(), config.account()));
        deviceMetrics = new DeviceMetricsListener(monitor);
        RegistryDeviceAuthenticator authenticator = new RegistryDeviceAuthenticator(index, database);
        MonitoredPublishes monitored = new MonitoredPublishes(monitor);
        publishDetail = new PublishAuditDetail(
                audit, Arn.prefix("iot", config.region(), config.account()), java.time.Clock.systemUTC());
        gateway = new MqttGateway(
                gatewayConfig(),
                tls,
                residency == null ? authenticator : new ResidentDeviceAuthenticator(authenticator, residency, guests),
                new GuestAwarePolicies(policies, guests),
                new MonitoredGatewayEvents(
                        new AuditedGatewayEvents(audit, config.region(), config.account()), monitor, Clock.systemUTC()),
                publishes(monitored, storeTelemetry ? telemetryRecorder : null),
                mqttSessions.store());
        mqttSessions.attach(gateway);
        provisioning.attach(gateway);
        deviceMetrics.attach(gateway);
        index.addListener(entry -> {
            if (entry.status() != CertificateStatus.ACTIVE) {
                gateway.sessions().disconnectBySerial(entry.serial());
                authenticator.forget(entry.serial());
            }
        });
        clientTrust.onChange(tls::rebuild);
        if (residency != null) {
            residency.onChange(tls::rebuild);
        }
        gateway.start();
        if (config.mqttWebSocketPort() > 0) {
            gateway.listenWebSocket(config.mqttWebSocketPort());
        }
        traffic = new TrafficSummaries(gateway.sessions(), audit, Arn.prefix("iot", config.region(), config.account()));
        return this;
    }

    /** The gateway's settings from the node's: listener, keep-alive bounds, sealed topics, firewall. */
    private GatewayConfig gatewayConfig() {
        GatewayConfig gatewayConfig =
                GatewayConfig.of(config.bind(), config.mqttPort(), config.region(), config.account());
        gatewayConfig = gatewayConfig.withLimits(gatewayConfig
                .limits()
                .withKeepAlive(config.mqtt().minKeepAlive(), config.mqtt().maxKeepAlive()));
        gatewayConfig = gatewayConfig.withSealedTopics(
                SealedTopics.of(config.mqtt().sealedTopics(), dev.warden.e2e.PayloadEnvelope::isSealed));
        return gatewayConfig.withFirewall(firewallRules());
    }

    /** Where each accepted PUBLISH goes besides its subscribers; {@code telemetry} null when the node stores none. */
    private PublishListener publishes(MonitoredPublishes monitored, TelemetryRecorder telemetry) {
        PublishAuditDetail detail = publishDetail;
        return publish -> {
            monitored.onPublish(publish);
            if (telemetry != null) {
                telemetry.onPublish(publish);
            }
            provisioning.onPublish(publish);
            detail.onPublish(publish);
            deviceMetrics.onPublish(publish);
            for (PublishListener listener : capabilities) {
                listener.onPublish(publish);
            }
        };
    }

    private FirewallRules firewallRules() {
        WardenConfig.Firewall f = config.firewall();
        return FirewallRules.defaults()
                .withAllow(f.allow().toArray(String[]::new))
                .withDeny(f.deny().toArray(String[]::new))
                .withConnectionRate(new Rate(f.connectionRate(), f.connectionBurst()))
                .withMaxConnectionsPerIp(f.maxConnectionsPerIp())
                .withPublishRate(new Rate(f.publishRate(), (int)
                        Math.max(1, Math.min(Integer.MAX_VALUE, f.publishRate() * 2))))
                .withBans(new BanPolicy(
                        f.bans().failures(),
                        f.bans().window(),
                        f.bans().first(),
                        f.bans().max()))
                .withClientIdBans(new BanPolicy(
                        f.bans().clientIdFailures(),
                        f.bans().clientIdWindow(),
                        f.bans().first(),
                        f.bans().max()))
                .withThingBans(new BanPolicy(
                        f.bans().thingFailures(),
                        f.bans().thingWindow(),
                        f.bans().first(),
                        f.bans().max()))
                .withBanExempt(f.bans().exempt().toArray(String[]::new))
                .withSlowConsumers(SlowConsumerPolicy.defaults()
                        .withMaxPushBack(config.mqtt().pushBackMaxPause()));
    }

    MqttGateway gateway() {
        return gateway;
    }

    TrafficSummaries traffic() {
        return traffic;
    }

    /** Raised audit detail: every publish of a thing audited one by one (a monitor mitigation). */
    PublishAuditDetail publishDetail() {
        return publishDetail;
    }

    DeviceMetricsListener deviceMetrics() {
        return deviceMetrics;
    }

    /** Stops the gateway, then provisioning and device metrics over MQTT. */
    void close() {
        if (gateway != null) {
            gateway.stop();
        }
        if (provisioning != null) {
            provisioning.close();
        }
        if (deviceMetrics != null) {
            deviceMetrics.close();
        }
    }
}
