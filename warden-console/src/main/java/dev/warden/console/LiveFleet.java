package dev.warden.console;

import java.util.List;
import java.util.Map;

/**
 * What the console reads of the running node rather than of a store: its MQTT connections and its active alarms.
 * The node implements it over its gateway and monitor, so that the console depends on neither.
 */
public interface LiveFleet {
    /** Devices connected to this node's gateway now. */
    int connectedDevices();

    /** The live connections of one thing on this node. */
    List<Connection> connectionsOf(String thing);

    /** Active alarms per severity. */
    Map<String, Long> activeAlarmsBySeverity();

    /** One connection: the client ID it connected with and the address it came from. */
    record Connection(String clientId, String sourceIp) {}
}
