package dev.warden.console;

import dev.warden.console.core.TrafficHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the console reads of the running node beyond the registry's and the trail's stores: its MQTT connections,
 * the monitor's active alarms, compliance's open findings, the open incidents and the gateway's traffic per minute. The node implements it over its
 * services, so that the console depends on none of them.
 */
public interface ConsoleSources {
    /** Devices connected to this node's gateway now. */
    int connectedDevices();

    /** The live connections of one thing on this node. */
    List<Connection> connectionsOf(String thing);

    /** Ends the live connection of this client ID, as {@code DELETE /connections/<clientId>}; returns how many. */
    int disconnect(String clientId);

    /** Active alarms per severity. */
    Map<String, Long> activeAlarmsBySeverity();

    /** Open (not suppressed, not resolved) compliance findings per severity. */
    Map<String, Long> openFindingsBySeverity();

    /**
     * The gateway's traffic per minute over the last day, sampled by the node once a minute (and by the overview's
     * charts when they are read, with {@link #trafficNow}).
     */
    TrafficHistory traffic();

    /** The gateway's counters now (zeros before the gateway exists). */
    TrafficHistory.Totals trafficNow();

    /** Open incidents, newest first, at most {@code limit}. */
    List<OpenIncident> openIncidents(int limit);

    /** One connection: the client ID it connected with, the address it came from, and since when. */
    record Connection(String clientId, String sourceIp, Instant since) {}

    /**
     * An open incident and its next clock still running ({@code nextClock} and {@code nextDueAt} null when none is),
     * with its resource ARN for the decision.
     */
    record OpenIncident(long id, String title, String severity, String phase, String nextClock, Instant nextDueAt) {}
}
