package dev.warden.node;

import dev.warden.console.core.TrafficHistory;
import dev.warden.gateway.GatewayTotals;
import dev.warden.gateway.MqttGateway;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The gateway's traffic per minute for the console's Overview charts: the gateway's own totals (the counters behind
 * {@code warden_gateway_messages_in_total}, {@code ..._authentication_failures_total} and
 * {@code ..._authorization_denials_total}), sampled into a {@link TrafficHistory} once a minute by the node's
 * scheduler ({@link NodeSchedule}). Authentication failures count refused certificates and TLS handshakes that
 * never presented a verified one. In memory only: a restarted node starts a new day.
 */
final class NodeTraffic {
    private final TrafficHistory history = new TrafficHistory();
    private final Supplier<MqttGateway> gateway;
    private final Clock clock;

    NodeTraffic(Supplier<MqttGateway> gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    TrafficHistory history() {
        return history;
    }

    /** The gateway's counters now; zeros before it exists. */
    TrafficHistory.Totals now() {
        MqttGateway g = gateway.get();
        if (g == null) {
            return new TrafficHistory.Totals(0, 0, 0);
        }
        GatewayTotals t = g.totals();
        return new TrafficHistory.Totals(
                t.messagesIn(), t.authenticationFailures() + t.tlsHandshakeFailures(), t.authorizationDenials());
    }

    /** One sample, now. */
    void sample() {
        history.record(clock.instant(), now());
    }
}
