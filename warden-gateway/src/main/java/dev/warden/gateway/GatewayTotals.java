package dev.warden.gateway;

/**
 * Traffic and refusal totals since the gateway was created, for metrics (each only grows).
 *
 * @param connectionsAccepted    CONNECTs accepted (authenticated, not banned)
 * @param connectionsClosed      accepted connections that have ended since
 * @param messagesIn             PUBLISH packets received from clients, denied ones included
 * @param payloadBytesIn         their payload bytes
 * @param messagesOut            PUBLISH packets written to subscribers
 * @param payloadBytesOut        their payload bytes
 * @param authorizationDenials   publishes, subscriptions and deliveries the policy engine denied
 * @param authenticationFailures CONNECTs whose certificate the registry refused
 * @param tlsHandshakeFailures   connections that never completed TLS with a verified client certificate
 */
public record GatewayTotals(
        long connectionsAccepted,
        long connectionsClosed,
        long messagesIn,
        long payloadBytesIn,
        long messagesOut,
        long payloadBytesOut,
        long authorizationDenials,
        long authenticationFailures,
        long tlsHandshakeFailures) {

    /** Clients connected now (accepted and not yet closed). */
    public long connected() {
        return Math.max(0, connectionsAccepted - connectionsClosed);
    }
}
