package dev.warden.monitor;

import dev.warden.monitor.core.AlarmTransition;
import java.util.List;

/**
 * Receives the alarms the engine raised and cleared at one datapoint, on the monitor thread: it records them,
 * runs their automatic mitigations and notifications. It may do I/O, but a slow sink delays the next datapoint.
 */
@FunctionalInterface
public interface AlarmSink {
    void onTransitions(List<AlarmTransition> transitions);
}
