package dev.warden.gateway;

import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway-wide share of {@link GatewayTotals}, incremented from every I/O thread and the broker thread. Adders
 * rather than atomics: a publish on each core must not contend on one cache line just to be counted.
 */
final class TrafficTotals {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsClosed = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder payloadBytesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder payloadBytesOut = new LongAdder();
    final LongAdder authorizationDenials = new LongAdder();
    final LongAdder authenticationFailures = new LongAdder();
    final LongAdder tlsHandshakeFailures = new LongAdder();

    GatewayTotals snapshot() {
        // Closed before accepted: a connection that ends between the two reads is never counted as closed twice.
        long closed = connectionsClosed.sum();
        return new GatewayTotals(
                connectionsAccepted.sum(),
                closed,
                messagesIn.sum(),
                payloadBytesIn.sum(),
                messagesOut.sum(),
                payloadBytesOut.sum(),
                authorizationDenials.sum(),
                authenticationFailures.sum(),
                tlsHandshakeFailures.sum());
    }
}
