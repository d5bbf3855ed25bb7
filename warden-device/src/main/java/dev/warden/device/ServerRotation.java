package dev.warden.device;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import java.util.List;
import java.util.Optional;

/**
 * Which gateway a reconnect goes to. A gateway that names another (MQTT 5 Use Another Server with a Server
 * Reference, in CONNACK or DISCONNECT) is followed: a standby sending a device home at failback, or a region sending
 * one to its home. A gateway that cannot be reached is left for the next of the config's servers, in turn: a region
 * that failed, for its standby. So is an alternate that refuses the device: over MQTT 3.1.1 a standby not yet serving
 * can only say "not authorized" (0x05), where MQTT 5 would name the home region. Otherwise the reconnect goes where
 * the last attempt went.
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
        if (servers.size() < 2 || !(unreachable(cause) || (current != 0 && refused(cause)))) {
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

    /**
     * Whether the last attempt went to an alternate that refused the device: that is no reason to stop (only the
     * first server, the device's home, speaks for its certificate), but one to try the next.
     */
    synchronized boolean refusedByAlternate(Throwable cause) {
        return current != 0 && refused(cause);
    }

    private static boolean refused(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof Mqtt3ConnAckException e) {
                return e.getMqttMessage().getReturnCode() == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED;
            }
            if (c instanceof Mqtt5ConnAckException e) {
                return e.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED;
            }
        }
        return false;
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
