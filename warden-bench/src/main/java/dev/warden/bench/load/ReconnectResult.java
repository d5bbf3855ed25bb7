package dev.warden.bench.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker restarted under a connected fleet, timed until every device reconnected by itself.
 *
 * @param devices            devices connected before the restart (those that did not connect are left out)
 * @param reconnected        of those, how many were connected again before the probe gave up
 * @param stopMillis         from the restart command until the old process had exited (SIGTERM handling)
 * @param downMillis         from the restart command until the new process accepted TCP on the port
 * @param allBackMillis      from the restart command until the last device was connected again (NaN if one never was)
 * @param afterOpenMillis    from the port opening until the last device was connected again
 * @param p50Millis          one device's time from losing its connection to being connected again, median
 * @param failedAttempts     reconnection attempts that failed (refused while down, TLS or CONNACK failure, timeout)
 * @param failuresAfterOpen  of those, the attempts begun after the port opened, by cause, most frequent first
 * @param droppedAgain       connections lost again after a successful reconnect (each reconnected again)
 * @param brokerCpuMillis    CPU of the new broker process from the port opening until the last reconnect
 * @param generatorCpuMillis CPU of the load generator from the restart command until the last reconnect
 */
record ReconnectResult(
        String broker,
        ConnectionSetupResult initial,
        int devices,
        int reconnected,
        double stopMillis,
        double downMillis,
        double allBackMillis,
        double afterOpenMillis,
        double p50Millis,
        double p99Millis,
        long failedAttempts,
        Map<String, Long> failuresAfterOpen,
        long droppedAgain,
        double brokerCpuMillis,
        double generatorCpuMillis) {

    ReconnectResult {
        failuresAfterOpen = Collections.unmodifiableMap(new LinkedHashMap<>(failuresAfterOpen));
    }

    long failedAfterOpen() {
        return failuresAfterOpen.values().stream().mapToLong(Long::longValue).sum();
    }

    double brokerCpuMillisPerDevice() {
        return brokerCpuMillis / reconnected;
    }

    double generatorCpuMillisPerDevice() {
        return generatorCpuMillis / reconnected;
    }
}
