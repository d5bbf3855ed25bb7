package dev.warden.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link GatewayEvents} listener so that its failure never changes what the broker does. */
final class SafeEvents implements GatewayEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SafeEvents.class);
    private final GatewayEvents delegate;

    SafeEvents(GatewayEvents delegate) {
        this.delegate = delegate;
    }

    static void authorizationDenied(
            GatewayEvents events,
            DeviceIdentity identity,
            String clientId,
            String action,
            String resource,
            String explanation) {
        LOG.debug("Denied {} on {} for client {}: {}", action, resource, clientId, explanation);
        events.authorizationDenied(identity, clientId, action, resource, explanation);
    }

    @Override
    public void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {
        run(() -> delegate.connected(identity, clientId, sourceIp, protocol));
    }

    @Override
    public void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {
        run(() -> delegate.disconnected(identity, clientId, cause, counters));
    }

    @Override
    public void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {
        run(() -> delegate.sessionTakenOver(clientId, previous, previousSourceIp, next, nextSourceIp));
    }

    @Override
    public void tlsHandshakeFailed(String sourceIp, String reason) {
        run(() -> delegate.tlsHandshakeFailed(sourceIp, reason));
    }

    @Override
    public void authenticationFailed(
            String sourceIp,
            String clientId,
            String certificateSerialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {
        run(() -> delegate.authenticationFailed(sourceIp, clientId, certificateSerialHex, reason, detail));
    }

    @Override
    public void connectRedirected(
            String sourceIp, String clientId, String certificateSerialHex, AuthenticationResult.Redirected redirect) {
        run(() -> delegate.connectRedirected(sourceIp, clientId, certificateSerialHex, redirect));
    }

    @Override
    public void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {
        run(() -> delegate.authorizationDenied(identity, clientId, action, resource, explanation));
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int grantedQos) {
        run(() -> delegate.subscribed(clientId, topicFilter, grantedQos));
    }

    @Override
    public void connectionRefused(InetSocketAddress source, String reason) {
        run(() -> delegate.connectionRefused(source, reason));
    }

    @Override
    public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
        run(() -> delegate.banned(target, duration, reason, manual));
    }

    @Override
    public void banLifted(BanTarget target, boolean expired) {
        run(() -> delegate.banLifted(target, expired));
    }

    private static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Gateway event listener failed; ignored", e);
        }
    }
}
