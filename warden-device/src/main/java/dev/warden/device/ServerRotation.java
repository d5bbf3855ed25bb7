package dev.warden.device;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import java.util.List;
import java.util.Optional;

/**
 * Which gateway a reconnect goes to. A gateway that names another (MQTT 5 Use Another Server with a Server
 * Reference, in CONNACK or DISCONNECT) is followed: a standby sending a device home at failback, or a region sending
 * one to its home. A gateway that cannot be reached is left for the next of the config's servers, in turn: a region
 * that failed, for its standby. Otherwise the reconnect goes where the last attempt went.
 */
final class ServerRotation {
    private final List<ServerReference> servers;
    private int current;

    ServerRotation(List<ServerReference> servers) {
        this.servers = List.copyOf(servers);
    }

    /** Where the next attempt goes after a disconnect or failed attempt for {@code cause}; empty: the same server. */
    synchronized Optional<ServerReference> next(Throwable cause) {
        Optional<ServerReference> referred = referred(cause);
        if (referred.isPresent()) {
            int index = servers.indexOf(referred.get());
            if (index >= 0) {
                current = index;
            }
            return referred;
        }
        if (servers.size() < 2 || !unreachable(cause)) {
            return Optional.empty();
        }
        current = (current + 1) % servers.size();
        return Optional.of(servers.get(current));
    }

    static Optional<ServerReference> referred(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof Mqtt5DisconnectException e) {
                return e.getMqttMessage().getServerReference().flatMap(r -> ServerReference.parse(r.toString()));
            }
            if (c instanceof Mqtt5ConnAckException e) {
                return e.getMqttMessage().getServerReference().flatMap(r -> ServerReference.parse(r.toString()));
            }
        }
        return Optional.empty();
    }

    private static boolean unreachable(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectionFailedException || c instanceof ConnectionClosedException) {
                return true;
            }
        }
        return false;
    }
}
