package dev.warden.device;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a gateway sends a device that it does not serve (MQTT 5 Server Reference) or where discovery says home is:
 * exactly one {@code host:port} ({@code [v6]:port} for IPv6). Anything else (a URL, a list, user information) is
 * refused, so that a device is never sent somewhere its operator did not mean.
 */
public record ServerReference(String host, int port) {
    private static final Pattern HOST_PORT =
            Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):([0-9]{1,5})$");

    public ServerReference {
        if (host == null || host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("need a host and a port in 1..65535");
        }
    }

    /** The reference in {@code text}, or empty when it is not exactly one {@code host:port}. */
    public static Optional<ServerReference> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = HOST_PORT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            return Optional.empty();
        }
        String host = m.group(1);
        // The client library wants an IPv6 literal without its brackets.
        return Optional.of(
                new ServerReference(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
