package dev.warden.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Counts the events that {@link GatewayTotals} reports, then passes every event on. The count comes first and
 * cannot fail, so a listener that throws or is slow never loses one.
 */
final class CountingEvents implements GatewayEvents {
    private final TrafficTotals totals;
    private final GatewayEvents delegate;

    CountingEvents(TrafficTotals totals, GatewayEvents delegate) {
        this.totals = totals;
        this.delegate = delegate;
    }

    @Override
    public void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {
        totals.connectionsAccepted.increment();
        delegate.connected(identity, clientId, sourceIp, protocol);
    }

    @Override
    public void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {
        totals.connectionsClosed.increment();
        delegate.disconnected(identity, clientId, cause, counters);
    }

    @Override
    public void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {
        delegate.sessionTakenOver(clientId, previous, previousSourceIp, next, nextSourceIp);
    }

    @Override
    public void tlsHandshakeFailed(String sourceIp, String reason) {
        totals.tlsHandshakeFailures.increment();
        delegate.tlsHandshakeFailed(sourceIp, reason);
    }

    @Override
    public void authenticationFailed(
            String sourceIp,
            String clientId,
            String certificateSerialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {
        totals.authenticationFailures.increment();
        delegate.authenticationFailed(sourceIp, clientId, certificateSerialHex, reason, detail);
    }

    @Override
    public void connectRedirected(
            String sourceIp, String clientId, String certificateSerialHex, AuthenticationResult.Redirected redirect) {
        delegate.connectRedirected(sourceIp, clientId, certificateSerialHex, redirect);
    }

    @Override
    public void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {
        totals.authorizationDenials.increment();
        delegate.authorizationDenied(identity, clientId, action, resource, explanation);
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int grantedQos) {
        delegate.subscribed(clientId, topicFilter, grantedQos);
    }

    @Override
    public void connectionRefused(InetSocketAddress source, String reason) {
        delegate.connectionRefused(source, reason);
    }

    @Override
    public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
        delegate.banned(target, duration, reason, manual);
    }

    @Override
    public void banLifted(BanTarget target, boolean expired) {
        delegate.banLifted(target, expired);
    }
}
