package dev.warden.node;

import dev.warden.api.AdminApi;
import dev.warden.audit.AuditKeys;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.engine.ComplianceAudit;
import dev.warden.compliance.store.FindingFilter;
import dev.warden.console.ComplianceServices;
import dev.warden.console.Console;
import dev.warden.console.ConsoleServices;
import dev.warden.console.ConsoleSettings;
import dev.warden.console.ConsoleSources;
import dev.warden.console.MonitorServices;
import dev.warden.console.VaultServices;
import dev.warden.console.core.SessionLifetime;
import dev.warden.console.core.TrafficHistory;
import dev.warden.gateway.MqttGateway;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.service.IncidentService;
import dev.warden.kms.node.DefaultKey;
import dev.warden.node.config.WardenConfig;
import io.javalin.Javalin;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Wires the console ({@code warden-console}) onto the admin listener: the node's stores and services, and its live
 * state (the gateway's connections and traffic per minute, the monitor's active alarms) through
 * {@link ConsoleSources}, and its regions (none without region links).
 */
final class NodeConsole implements ConsoleSources {
    private final Supplier<MqttGateway> gateway;
    private final NodeMonitor monitor;
    private final NodeCompliance compliance;
    private final IncidentService incidents;
    private final NodeTraffic traffic;

    private NodeConsole(
            Supplier<MqttGateway> gateway,
            NodeMonitor monitor,
            NodeCompliance compliance,
            IncidentService incidents,
            NodeTraffic traffic) {
        this.gateway = gateway;
        this.monitor = monitor;
        this.compliance = compliance;
        this.incidents = incidents;
        this.traffic = traffic;
    }

    /** Mounts the console under {@code /console} on {@code admin}, after the API's routes and before it starts. */
    static Console mount(NodeAdminApi.Parts p, AdminApi api, Javalin admin) {
        WardenConfig config = p.config();
        NodeAuditTrail trail = p.auditTrail();
        Console console = new Console(
                new ConsoleSettings(config.region(), config.account(), SessionLifetime.DEFAULT),
                new ConsoleServices(
                        p.database(),
                        p.iam().users(),
                        p.registry().certificates(),
                        p.iam().policies(),
                        new MonitorServices(
                                p.monitor().alarms(),
                                p.monitor().suppressions(),
                                p.monitor().profiles(),
                                () -> p.monitor().mitigations()),
                        p.audit(),
                        trail.store(),
                        () -> trail.keys().list().keys().stream()
                                .map(AuditKeys.Key::publicKey)
                                .toList(),
                        new NodeConsole(
                                p.gateway(),
                                p.monitor(),
                                p.compliance(),
                                p.incidents().incidents(),
                                p.traffic()),
                        p.incidents().console(p.telemetry()),
                        new ComplianceServices(
                                p.compliance().service(),
                                new ComplianceAudit(p.audit(), config.region(), config.account()),
                                p.compliance().facts()),
                        new VaultServices(
                                p.kms(),
                                p.kmsMaintenance(),
                                p.secrets(),
                                p.buckets(),
                                DefaultKey.NAME,
                                config.complianceSettings().keyRotationPeriod(),
                                config.complianceSettings().secretRotationPeriod()),
                        () -> Optional.ofNullable(p.deployment().regions()),
                        p.attestation().service(),
                        p.clock()));
        console.mount(admin, api);
        return console;
    }

    @Override
    public int connectedDevices() {
        MqttGateway gateway = gateway();
        return gateway == null ? 0 : gateway.sessions().counters().size();
    }

    @Override
    public List<Connection> connectionsOf(String thing) {
        MqttGateway gateway = gateway();
        return gateway == null
                ? List.of()
                : gateway.sessions().sessionsOf(thing).stream()
                        .map(s -> new Connection(s.clientId(), s.sourceIp(), s.since()))
                        .toList();
    }

    @Override
    public int disconnect(String clientId) {
        MqttGateway gateway = gateway();
        return gateway == null ? 0 : gateway.sessions().disconnectClient(clientId);
    }

    @Override
    public Map<String, Long> activeAlarmsBySeverity() {
        return monitor.activeAlarmsBySeverity();
    }

    @Override
    public Map<String, Long> openFindingsBySeverity() {
        return compliance
                .service()
                .findings(new FindingFilter(
                        EnumSet.of(FindingStatus.OPEN), Optional.empty(), Optional.empty(), FindingFilter.MAX_LIMIT))
                .stream()
                .collect(Collectors.groupingBy(f -> f.finding().severity().id(), Collectors.counting()));
    }

    @Override
    public List<OpenIncident> openIncidents(int limit) {
        return incidents.list(true, 0, limit).stream()
                .map(i -> {
                    Optional<Deadline> next = i.deadlines().stream()
                            .filter(d -> !d.reached() && !d.breached())
                            .findFirst();
                    return new OpenIncident(
                            i.id(),
                            i.title(),
                            i.severity().id(),
                            i.phase().id(),
                            next.map(Deadline::clock).orElse(null),
                            next.map(Deadline::dueAt).orElse(null));
                })
                .toList();
    }

    @Override
    public TrafficHistory traffic() {
        return traffic.history();
    }

    @Override
    public TrafficHistory.Totals trafficNow() {
        return traffic.now();
    }

    private MqttGateway gateway() {
        return gateway.get();
    }
}
