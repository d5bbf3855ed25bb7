package dev.warden.node.incident;

import dev.warden.audit.store.AuditStore;
import dev.warden.incident.playbook.PlaybookLibrary;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.PlaybookTimeline;
import dev.warden.incident.playbook.TargetArns;
import dev.warden.kms.SecretsManager;
import dev.warden.monitor.mitigation.MitigationTargets;
import dev.warden.registry.CertificateService;
import dev.warden.storage.Database;
import dev.warden.telemetry.TelemetryStore;
import java.time.Clock;

/**
 * Builds the playbook runner from the node's parts. The node calls {@link #runner} once the incident service (the
 * timeline) exists, then {@link PlaybookRunner#resume()} once the gateway runs (bans and live sessions need it).
 */
public final class NodePlaybooks {
    private NodePlaybooks() {}

    public static PlaybookRunner runner(
            Database database,
            MitigationTargets mitigationTargets,
            CertificateService certificates,
            SecretsManager secrets,
            AuditStore audit,
            TelemetryStore telemetry,
            PlaybookBackends backends,
            PlaybookTimeline timeline,
            String region,
            String account,
            Clock clock) {
        NodePlaybookActions actions = new NodePlaybookActions(
                mitigationTargets, certificates, secrets, audit, telemetry, backends, region, account, clock);
        return new PlaybookRunner(
                database, PlaybookLibrary.builtIn(), actions, timeline, new TargetArns(region, account), clock);
    }
}
