package dev.warden.monitor.taps;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.BanTarget;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.DisconnectCause;
import dev.warden.gateway.GatewayEvents;
import dev.warden.gateway.MessageCounters;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * The gateway's security events, for monitoring and then for the {@code delegate} (the audit trail): connects (with
 * address and client ID), disconnects, denials and failed handshakes become observations. Runs on I/O and broker
 * threads, so it only builds records and hands them to the non-blocking sink.
 *
 * <p>A certificate the registry refused after the handshake counts as a handshake failure of its address: to
 * whoever scans with stolen or revoked certificates, it is the same failed attempt to get in.
 */
public final class MonitoredGatewayEvents implements GatewayEvents {
    private static final String TOPIC = "topic/";
    private static final String TOPIC_FILTER = "topicfilter/";

    private final GatewayEvents delegate;
    private final ObservationSink sink;
    private final Clock clock;

    public MonitoredGatewayEvents(GatewayEvents delegate, ObservationSink sink, Clock clock) {
        this.delegate = delegate;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {
        long now = clock.millis();
        TargetKey thing = TargetKey.thing(identity.thingName());
        Observation attempt = Observation.count(thing, Metric.NUM_CONNECTION_ATTEMPTS, 1, now);
        Observation clientIdSeen = Observation.item(thing, Metric.NUM_CLIENT_IDS, clientId, now);
        Observation opened = Observation.connection(identity.thingName(), true, now);
        if (sourceIp == null) {
            sink.acceptAll(attempt, clientIdSeen, opened);
        } else {
            sink.acceptAll(
                    attempt,
                    clientIdSeen,
                    opened,
                    Observation.item(thing, Metric.SOURCE_IP_ADDRESS, sourceIp, now),
                    Observation.item(thing, Metric.CONNECTED_FROM_DISTINCT_IPS, sourceIp, now));
        }
        delegate.connected(identity, clientId, sourceIp, protocol);
    }

    @Override
    public void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {
        if (identity != null) {
            long now = clock.millis();
            sink.accept(Observation.count(TargetKey.thing(identity.thingName()), Metric.NUM_DISCONNECTS, 1, now));
            sink.accept(Observation.connection(identity.thingName(), false, now));
        }
        delegate.disconnected(identity, clientId, cause, counters);
    }

    @Override
    public void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {
        if (previous != null
                && next != null
                && previous.thingName().equals(next.thingName())
                && previousSourceIp != null
                && !previousSourceIp.equals(nextSourceIp)) {
            sink.accept(Observation.count(
                    TargetKey.thing(next.thingName()), Metric.NUM_ADDRESS_TAKEOVERS, 1, clock.millis()));
        }
        delegate.sessionTakenOver(clientId, previous, previousSourceIp, next, nextSourceIp);
    }

    @Override
    public void tlsHandshakeFailed(String sourceIp, String reason) {
        if (sourceIp != null) {
            sink.accept(Observation.count(
                    TargetKey.sourceIp(sourceIp), Metric.NUM_TLS_HANDSHAKE_FAILURES, 1, clock.millis()));
        }
        delegate.tlsHandshakeFailed(sourceIp, reason);
    }

    @Override
    public void authenticationFailed(
            String sourceIp,
            String clientId,
            String certificateSerialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {
        if (sourceIp != null) {
            sink.accept(Observation.count(
                    TargetKey.sourceIp(sourceIp), Metric.NUM_TLS_HANDSHAKE_FAILURES, 1, clock.millis()));
        }
        delegate.authenticationFailed(sourceIp, clientId, certificateSerialHex, reason, detail);
    }

    /**
     * A device of another region sent home is not observed: it proved a key certified in the deployment, so it is no
     * failed attempt to get in; the audit trail still has it.
     */
    @Override
    public void connectRedirected(
            String sourceIp, String clientId, String certificateSerialHex, AuthenticationResult.Redirected redirect) {
        delegate.connectRedirected(sourceIp, clientId, certificateSerialHex, redirect);
    }

    @Override
    public void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {
        if (identity != null) {
            sink.accept(Observation.onTopic(
                    TargetKey.thing(identity.thingName()),
                    Metric.NUM_AUTHORIZATION_FAILURES,
                    1,
                    topicOf(resource),
                    clock.millis()));
        }
        delegate.authorizationDenied(identity, clientId, action, resource, explanation);
    }

    /** The topic (or filter) named by a {@code ...:topic/<t>} or {@code ...:topicfilter/<f>} ARN, else null. */
    static String topicOf(String resource) {
        if (resource == null) {
            return null;
        }
        // arn:warden:iot:<region>:<account>:<resource>; the resource itself may hold colons.
        String[] parts = resource.split(":", 6);
        if (parts.length < 6) {
            return null;
        }
        String tail = parts[5];
        if (tail.startsWith(TOPIC)) {
            return tail.substring(TOPIC.length());
        }
        return tail.startsWith(TOPIC_FILTER) ? tail.substring(TOPIC_FILTER.length()) : null;
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
