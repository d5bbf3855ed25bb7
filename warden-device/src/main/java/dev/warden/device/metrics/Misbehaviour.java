package dev.warden.device.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a misbehaving simulated device reports on top of the host's real metrics, for {@code warden device simulate
 * --misbehave}: each is something a security profile should catch.
 */
public enum Misbehaviour {
    /** A telnet server listening on TCP port 23. */
    OPEN_PORT("open-port"),
    /** An established connection to 198.51.100.7:443 (TEST-NET-2: an address that no real device talks to). */
    DESTINATION("destination"),
    /** The custom metric {@value MetricsSimulation#LOAD_METRIC} a hundred times the fleet's. */
    CUSTOM_SPIKE("custom-spike");

    public static final int TELNET_PORT = 23;
    public static final String SUSPICIOUS_DESTINATION = "198.51.100.7";

    private final String id;

    Misbehaviour(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Misbehaviour> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The host's metrics as this misbehaviour reports them (the custom spike changes only the custom metric). */
    HostMetrics apply(HostMetrics host) {
        switch (this) {
            case OPEN_PORT:
                return host.withTcpListening(TELNET_PORT);
            case DESTINATION:
                try {
                    // A literal: parsed, never looked up.
                    InetAddress address = InetAddress.getByName(SUSPICIOUS_DESTINATION);
                    return host.withConnection(new HostMetrics.Destination(address, 443, 49_152));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            default:
                return host;
        }
    }
}
