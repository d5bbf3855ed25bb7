package dev.warden.node;

import dev.warden.api.AdminApi;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.NodeAudit;
import dev.warden.console.Console;
import dev.warden.console.ConsoleSettings;
import dev.warden.console.LiveFleet;
import dev.warden.console.core.SessionLifetime;
import dev.warden.gateway.MqttGateway;
import dev.warden.iam.UserService;
import dev.warden.node.config.WardenConfig;
import dev.warden.registry.CertificateService;
import dev.warden.storage.Database;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wires the console ({@code warden-console}) onto the admin listener: the node's stores and services, and its live
 * state (the gateway's connections, the monitor's active alarms) through {@link LiveFleet}.
 */
final class NodeConsole implements LiveFleet {
    private final Supplier<NodeGateway> mqtt;
    private final NodeMonitor monitor;

    private NodeConsole(Supplier<NodeGateway> mqtt, NodeMonitor monitor) {
        this.mqtt = mqtt;
        this.monitor = monitor;
    }

    /** Mounts the console under {@code /console} on {@code admin}, before it starts. */
    static Console mount(
            Javalin admin,
            AdminApi api,
            WardenConfig config,
            Database database,
            UserService users,
            CertificateService certificates,
            NodeAudit audit,
            NodeAuditTrail trail,
            Supplier<NodeGateway> mqtt,
            NodeMonitor monitor,
            Clock clock) {
        Console console = new Console(
                new ConsoleSettings(config.region(), config.account(), SessionLifetime.DEFAULT),
                database,
                users,
                certificates,
                audit,
                trail.store(),
                () -> trail.keys().list().keys().stream()
                        .map(AuditKeys.Key::publicKey)
                        .toList(),
                new NodeConsole(mqtt, monitor),
                clock);
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
                        .map(s -> new Connection(s.clientId(), s.sourceIp()))
                        .toList();
    }

    @Override
    public Map<String, Long> activeAlarmsBySeverity() {
        return monitor.activeAlarmsBySeverity();
    }

    private MqttGateway gateway() {
        NodeGateway node = mqtt.get();
        return node == null ? null : node.gateway();
    }
}
