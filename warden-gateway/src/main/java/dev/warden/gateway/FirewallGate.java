package dev.warden.gateway;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectionFirewall} at the socket: asked first when a connection is accepted, before any handler (TLS
 * included) is installed, so a refused connection is closed without reading a byte or sending a ServerHello.
 */
final class FirewallGate {
    private static final Logger LOG = LoggerFactory.getLogger(FirewallGate.class);

    private final ConnectionFirewall firewall;
    private final GatewayEvents events;

    FirewallGate(ConnectionFirewall firewall, GatewayEvents events) {
        this.firewall = firewall;
        this.events = events;
    }

    /** Admits {@code channel} (and arranges its release on close) or closes it; true if admitted. */
    boolean admit(Channel channel) {
        if (!(channel.remoteAddress() instanceof InetSocketAddress source) || source.getAddress() == null) {
            LOG.warn("Refusing a connection without an IP source address: {}", channel.remoteAddress());
            channel.close();
            return false;
        }
        InetAddress ip = source.getAddress();
        Admission admission = firewall.admit(ip);
        if (!admission.admitted()) {
            // Debug only: under a flood this line would be the flood. Counters and events carry every refusal.
            LOG.debug("Refused connection from {}: {}", ip.getHostAddress(), admission);
            channel.close();
            events.connectionRefused(source, admission.name());
            return false;
        }
        channel.closeFuture().addListener(f -> firewall.connectionClosed(ip));
        return true;
    }
}
