package dev.warden.device;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how a {@link DeviceClient} connects. Fixed once the client is built.
 *
 * @param host           gateway host name or address; checked against the gateway certificate
 * @param port           gateway port (8883 by default)
 * @param protocol       MQTT 5 (default) or 3.1.1
 * @param keepAlive      MQTT keep-alive
 * @param connectTimeout bound on TCP connect, TLS handshake and CONNACK, each
 * @param backoff        reconnect schedule after an established connection was lost
 * @param trustedRoot    the Warden root to trust; null to use the root at the end of the credentials' CA chain
 * @param deploymentRoots the roots of every region of the device's deployment: when not empty, the device trusts
 *                        exactly these and follows one Use Another Server (0x9C) per connect to its home region
 * @param alternates      other gateways to try, in turn, when the gateway cannot be reached after a connection was
 *                        lost (a standby region's, for a failover); a Use Another Server with a Server Reference is
 *                        followed to that server instead
 * @param localAddress    the local address to connect from (a multi-homed device's chosen interface); null for any
 */
public record DeviceClientConfig(
        String host,
        int port,
        MqttProtocol protocol,
        Duration keepAlive,
        Duration connectTimeout,
        Backoff backoff,
        X509Certificate trustedRoot,
        List<X509Certificate> deploymentRoots,
        List<ServerReference> alternates,
        java.net.InetAddress localAddress) {

    public DeviceClientConfig {
        deploymentRoots = deploymentRoots == null ? List.of() : List.copyOf(deploymentRoots);
        alternates = alternates == null ? List.of() : List.copyOf(alternates);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("need a host and a port in 1..65535");
        }
        if (keepAlive.isNegative() || keepAlive.getSeconds() > 65_535) {
            throw new IllegalArgumentException("keepAlive must be 0..65535 s");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** MQTT 5, keep-alive 60 s, connect timeout 10 s, {@link Backoff#defaults()}. */
    public static DeviceClientConfig of(String host, int port) {
        return new DeviceClientConfig(
                host,
                port,
                MqttProtocol.MQTT_5,
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Backoff.defaults(),
                null,
                List.of(),
                List.of(),
                null);
    }

    public DeviceClientConfig withProtocol(MqttProtocol value) {
        return new DeviceClientConfig(
                host,
                port,
                value,
                keepAlive,
                connectTimeout,
                backoff,
                trustedRoot,
                deploymentRoots,
                alternates,
                localAddress);
    }

    public DeviceClientConfig withKeepAlive(Duration value) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                value,
                connectTimeout,
                backoff,
                trustedRoot,
                deploymentRoots,
                alternates,
                localAddress);
    }

    public DeviceClientConfig withConnectTimeout(Duration value) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                keepAlive,
                value,
                backoff,
                trustedRoot,
                deploymentRoots,
                alternates,
                localAddress);
    }

    public DeviceClientConfig withBackoff(Backoff value) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                keepAlive,
                connectTimeout,
                value,
                trustedRoot,
                deploymentRoots,
                alternates,
                localAddress);
    }

    public DeviceClientConfig withTrustedRoot(X509Certificate value) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                keepAlive,
                connectTimeout,
                backoff,
                value,
                deploymentRoots,
                alternates,
                localAddress);
    }

    /** Trusts exactly {@code roots} (the deployment's regions') and follows a redirect to the home region. */
    public DeviceClientConfig withDeploymentRoots(List<X509Certificate> roots) {
        return new DeviceClientConfig(
                host, port, protocol, keepAlive, connectTimeout, backoff, trustedRoot, roots, alternates, localAddress);
    }

    /** The same settings for another gateway. */
    public DeviceClientConfig withServer(ServerReference server) {
        return new DeviceClientConfig(
                server.host(),
                server.port(),
                protocol,
                keepAlive,
                connectTimeout,
                backoff,
                trustedRoot,
                deploymentRoots,
                alternates,
                localAddress);
    }

    /** Other gateways to try in turn when this one cannot be reached after a connection was lost. */
    public DeviceClientConfig withAlternates(List<ServerReference> value) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                keepAlive,
                connectTimeout,
                backoff,
                trustedRoot,
                deploymentRoots,
                value,
                localAddress);
    }

    /** Connects from {@code address} (one of this host's), e.g. to use one interface of several. */
    public DeviceClientConfig withLocalAddress(java.net.InetAddress address) {
        return new DeviceClientConfig(
                host,
                port,
                protocol,
                keepAlive,
                connectTimeout,
                backoff,
                trustedRoot,
                deploymentRoots,
                alternates,
                address);
    }

    /** This gateway first, then the alternates. */
    public List<ServerReference> servers() {
        List<ServerReference> all = new java.util.ArrayList<>();
        all.add(new ServerReference(host, port));
        all.addAll(alternates);
        return List.copyOf(all);
    }
}
