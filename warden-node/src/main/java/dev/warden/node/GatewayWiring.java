package dev.warden.node;

import dev.warden.gateway.MqttGateway;
import dev.warden.kms.SecretsManager;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.NodeFirewall;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * How the MQTT gateway is connected to the rest of the node, kept out of {@link WardenNode} so that the node only
 * orders its parts: the gateway is made with the capabilities that read devices' publishes (jobs, attestation,
 * end-to-end encryption), started against the registry, policies, telemetry, monitoring and the deployment's
 * residency, and then what acts on it is started (failover, jobs, attestation, the firewall's stored bans, monitoring's
 * mitigations and incident response).
 */
final class GatewayWiring {
    /** The node's parts the gateway is started with, or starts. */
    record Parts(
            WardenConfig config,
            NodeStorage storage,
            NodeSecurityServices security,
            NodeListeners listeners,
            NodeDeviceData data,
            SecretsManager secrets,
            Supplier<MqttGateway> runningGateway,
            Clock clock) {}

    private GatewayWiring() {}

    /** The gateway with its publish listeners, not started: the node keeps it first, so a failed start closes it. */
    static NodeGateway gateway(
            WardenConfig config, NodeDeviceData data, NodeAttestation attestation, NodeDeployment deployment) {
        return new NodeGateway(config)
                .withListener(data.jobs().mqtt())
                .withListener(attestation.mqtt())
                .withListener(data.e2e().mqtt())
                .withServedChain(deployment::servedChain);
    }

    /**
     * Starts {@code mqtt} (fed to monitoring), its stored bans, then what acts on it: monitoring's mitigations and
     * incident response (playbooks, notifications, the clocks).
     */
    static void start(NodeGateway mqtt, Parts p) {
        NodeStorage storage = p.storage();
        NodeSecurityServices security = p.security();
        NodeRegistry registry = security.registry();
        NodeDeployment deployment = p.listeners().deployment();
        NodeDeviceData data = p.data();
        mqtt.start(
                storage.layout(),
                storage.keyFiles(),
                registry.clientTrust(),
                registry.provisioning(),
                storage.database(),
                storage.audit(),
                registry.index(),
                p.listeners().policies(),
                data.recorder(),
                data.sessions(),
                security.monitor().sink(),
                deployment.residency(),
                deployment.guests());
        deployment.startFailover(storage.database(), data.telemetry(), registry.certificates(), mqtt::gateway);
        data.jobs().start(mqtt.gateway());
        data.e2e().start(mqtt.gateway());
        security.attestation().start(mqtt.gateway());
        NodeFirewall.restore(mqtt.gateway(), storage.database(), p.clock());
        NodeResponse.start(
                new NodeResponse.Parts(
                        p.config(),
                        storage.database(),
                        storage.audit(),
                        p.listeners().policies(),
                        registry.certificates(),
                        p.secrets(),
                        storage.auditTrail().store(),
                        data.telemetry(),
                        p.listeners().playbookBackends(),
                        p.runningGateway(),
                        mqtt.publishDetail(),
                        p.clock()),
                security.monitor(),
                security.incidents());
    }
}
