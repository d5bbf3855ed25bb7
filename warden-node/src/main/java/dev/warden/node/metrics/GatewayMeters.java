package dev.warden.node.metrics;

import dev.warden.gateway.Admission;
import dev.warden.gateway.DropReason;
import dev.warden.gateway.GatewayCounters;
import dev.warden.gateway.GatewayTotals;
import dev.warden.gateway.MqttGateway;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters, read from one snapshot per scrape ({@link #refresh}), so that the figures of a scrape agree
 * with each other. Before the gateway exists (the admin API starts first) every figure is 0.
 */
final class GatewayMeters implements MeterBinder {
    private record Snapshot(GatewayTotals totals, GatewayCounters counters, int open) {
        static final Snapshot EMPTY = new Snapshot(
                new GatewayTotals(0, 0, 0, 0, 0, 0, 0, 0, 0),
                new GatewayCounters(0, Map.of(), 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0),
                0);
    }

    private final Supplier<MqttGateway> gateway;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    GatewayMeters(Supplier<MqttGateway> gateway) {
        this.gateway = gateway;
    }

    void refresh() {
        MqttGateway g = gateway.get();
        if (g != null) {
            snapshot = new Snapshot(g.totals(), g.counters(), g.firewall().openConnections());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "warden.gateway.connections", "MQTT clients connected now", s -> s.totals.connected());
        gauge(
                registry,
                "warden.gateway.connections.open",
                "TCP connections the firewall admitted that are still open, TLS handshakes and CONNECTs included",
                s -> s.open);
        counter(
                registry,
                "warden.gateway.connections.accepted",
                "CONNECTs accepted",
                s -> s.totals.connectionsAccepted());
        for (Admission reason : Admission.values()) {
            if (reason.admitted()) {
                continue;
            }
            FunctionCounter.builder(
                            "warden.gateway.connections.refused",
                            this,
                            m -> m.snapshot.counters.refusedByReason().getOrDefault(reason, 0L))
                    .description("Connections the firewall closed on accept, before TLS, and CONNECTs of a banned"
                            + " client ID or thing (reason banned)")
                    .tag("reason", label(reason.name()))
                    .register(registry);
        }
        bindMessages(registry);
        bindFirewall(registry);
    }

    /** Messages in and out, their bytes, what was denied or dropped, and who failed to authenticate. */
    private void bindMessages(MeterRegistry registry) {
        counter(
                registry,
                "warden.gateway.messages.in",
                "PUBLISH packets received, denied ones included",
                s -> s.totals.messagesIn());
        counter(
                registry,
                "warden.gateway.messages.out",
                "PUBLISH packets written to subscribers",
                s -> s.totals.messagesOut());
        bytes(
                registry,
                "warden.gateway.payload.in",
                "Payload bytes of PUBLISH packets received",
                s -> s.totals.payloadBytesIn());
        bytes(
                registry,
                "warden.gateway.payload.out",
                "Payload bytes of PUBLISH packets written",
                s -> s.totals.payloadBytesOut());
        counter(
                registry,
                "warden.gateway.authorization.denials",
                "Publishes, subscriptions and deliveries the policy engine denied",
                s -> s.totals.authorizationDenials());
        counter(
                registry,
                "warden.gateway.authentication.failures",
                "CONNECTs whose certificate the registry refused",
                s -> s.totals.authenticationFailures());
        counter(
                registry,
                "warden.gateway.tls.handshake.failures",
                "Connections that did not complete TLS with a verified client certificate",
                s -> s.totals.tlsHandshakeFailures());
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder(
                            "warden.gateway.messages.dropped",
                            this,
                            m -> m.snapshot.counters.dropsByReason().getOrDefault(reason, 0L))
                    .description("Messages not delivered to a subscriber")
                    .tag("reason", reason.label())
                    .register(registry);
        }
    }

    /** The firewall's bans and the clients it cut off (slow readers, fast publishers), and push-back. */
    private void bindFirewall(MeterRegistry registry) {
        gauge(
                registry,
                "warden.gateway.bans.active",
                "Active firewall bans (addresses, client IDs, things)",
                s -> s.counters.activeBans());
        counter(
                registry,
                "warden.gateway.bans.started",
                "Bans started, automatic and by operators",
                s -> s.counters.bansStarted());
        counter(
                registry,
                "warden.gateway.slow.consumer.disconnects",
                "Subscribers cut off for reading too slowly",
                s -> s.counters.slowConsumerDisconnects());
        counter(
                registry,
                "warden.gateway.publish.rate.disconnects",
                "Clients cut off for publishing faster than the firewall allows",
                s -> s.counters.publishRateDisconnects());
        counter(
                registry,
                "warden.gateway.push.back.holds",
                "Times a publisher stopped being read because a push-back subscriber could not take its messages yet",
                s -> s.counters.publisherHolds());
        counter(
                registry,
                "warden.gateway.push.back.expiries",
                "Push-back subscribers that held publishers for as long as allowed, then lost messages instead",
                s -> s.counters.pushBackExpiries());
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot))
                .description(help)
                .strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.snapshot))
                .description(help)
                .register(registry);
    }

    private void bytes(MeterRegistry registry, String name, String help, ToDoubleFunction<Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.snapshot))
                .description(help)
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
    }

    /** {@code RATE_LIMITED} → {@code rate-limited}, as {@link DropReason#label()} spells reasons. */
    static String label(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
