package dev.warden.node;

import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.gateway.MqttGateway;
import dev.warden.kms.SecretsManager;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.mitigation.MitigationSettings;
import dev.warden.monitor.mitigation.MitigationTargets;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.gateway.NodeFirewall;
import dev.warden.node.gateway.PublishAuditDetail;
import dev.warden.node.incident.NodePlaybooks;
import dev.warden.node.incident.PlaybookBackends;
import dev.warden.node.monitor.NodeMitigationTargets;
import dev.warden.registry.CertificateService;
import dev.warden.registry.Quarantine;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryStore;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What acts on the fleet once the gateway runs: monitoring's mitigations and incident response's playbooks, both
 * through one set of targets (quarantine, revocation, the firewall's bans, raised audit detail), so that an alarm's
 * automatic quarantine and an incident's playbook see the same state of a thing.
 */
final class NodeResponse {
    /** The node's parts the response acts on or reads. */
    record Parts(
            WardenConfig config,
            Database database,
            NodeAudit audit,
            ThingPolicyCache policies,
            CertificateService certificates,
            SecretsManager secrets,
            AuditStore auditStore,
            TelemetryStore telemetry,
            PlaybookBackends backends,
            Supplier<MqttGateway> gateway,
            PublishAuditDetail publishDetail,
            Clock clock) {}

    private NodeResponse() {}

    static void start(Parts p, NodeMonitor monitor, NodeIncidents incidents) {
        WardenConfig config = p.config();
        NodeMitigationTargets targets = new NodeMitigationTargets(
                new Quarantine(p.database(), p.policies(), config.region(), config.account(), p.clock()),
                p.certificates(),
                new NodeFirewall(p.gateway(), p.database(), p.clock()),
                p.gateway(),
                p.publishDetail());
        Function<String, byte[]> webhookSecrets = NodeMitigationTargets.webhookSecrets(p.secrets());
        monitor.startMitigations(new MitigationService(
                p.database(),
                p.audit(),
                targets,
                webhookSecrets,
                MitigationSettings.defaults(config.region(), config.account()),
                p.clock()));
        incidents.startResponse(
                config,
                NodePlaybooks.runner(
                        p.database(),
                        targets,
                        p.certificates(),
                        p.secrets(),
                        p.auditStore(),
                        p.telemetry(),
                        p.backends(),
                        incidents.evidence(),
                        config.region(),
                        config.account(),
                        p.clock()),
                webhookSecrets,
                thing -> targets.liveSessions(thing).stream()
                        .map(MitigationTargets.LiveSession::sourceIp)
                        .distinct()
                        .toList());
    }
}
