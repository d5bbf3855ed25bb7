package dev.warden.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Security-relevant events, for the audit trail. Called on I/O or broker threads: implementations must be fast and
 * must not block (queue the event and return). An exception thrown here is logged and ignored. Default methods do
 * nothing; {@link #NONE} ignores everything.
 */
public interface GatewayEvents {
    GatewayEvents NONE = new GatewayEvents() {};

    /** A CONNECT was accepted. */
    default void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {}

    default void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {}

    /**
     * A CONNECT with {@code clientId} was accepted while another connection still had that client ID: the older one
     * ({@code previous}, from {@code previousSourceIp}) was disconnected (MQTT 5: DISCONNECT 0x8E, session taken
     * over) and {@code next} has the client ID now. Each identity carries its certificate's serial. Two devices
     * fighting over one client ID, or one certificate in use on two devices, show up as a run of these.
     */
    default void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {}

    /** TLS failed before any MQTT packet: no, untrusted or expired client certificate, old protocol, bad cipher. */
    default void tlsHandshakeFailed(String sourceIp, String reason) {}

    /** The {@link DeviceAuthenticator} refused the certificate (or failed). */
    default void authenticationFailed(
            String sourceIp,
            String clientId,
            String certificateSerialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {}

    /**
     * The {@link DeviceAuthenticator} sent the device to another server ({@code redirect}): refused before anything
     * of it was kept here (MQTT 5: CONNACK 0x9C Use Another Server).
     */
    default void connectRedirected(
            String sourceIp, String clientId, String certificateSerialHex, AuthenticationResult.Redirected redirect) {}

    /**
     * The policy engine denied {@code action} on {@code resource}, or the gateway refused a plaintext PUBLISH on a
     * topic that must be sealed ({@link SealedTopics}; the explanation starts {@code PAYLOAD_NOT_SEALED}).
     * {@code identity} is null only before CONNECT.
     */
    default void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {}

    /** A subscription was granted (with this maximum QoS). */
    default void subscribed(String clientId, String topicFilter, int grantedQos) {}

    /**
     * The firewall closed a connection on accept, before TLS.
     *
     * @param reason an {@link Admission} name, e.g. {@code BANNED} or {@code RATE_LIMITED}
     */
    default void connectionRefused(InetSocketAddress source, String reason) {}

    /**
     * A source address, client ID or thing was banned: automatically after failed handshakes or authentications
     * ({@code manual} false), or by an operator.
     */
    default void banned(BanTarget target, Duration duration, String reason, boolean manual) {}

    /** A ban ended: it expired ({@code expired} true) or an operator lifted it. */
    default void banLifted(BanTarget target, boolean expired) {}
}
