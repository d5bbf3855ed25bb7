package dev.warden.monitor.device;

import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detection engine learns from one accepted report, all scoped to the reporting thing: byte and packet
 * deltas added to the window's sums, the listening port sets and their counts (the device's totals, which may exceed
 * what it listed), the number of established connections, each distinct destination address once, and each custom
 * metric's latest value. A section the device left out yields nothing, so the engine keeps what it had.
 */
public final class DeviceMetricsObservations {
    private DeviceMetricsObservations() {}

    public static List<Observation> of(String thing, DeviceMetricsReport report, long atMillis) {
        TargetKey target = TargetKey.thing(thing);
        List<Observation> out = new ArrayList<>();
        report.network().ifPresent(n -> {
            out.add(Observation.count(target, Metric.BYTES_IN, n.bytesIn(), atMillis));
            out.add(Observation.count(target, Metric.BYTES_OUT, n.bytesOut(), atMillis));
            out.add(Observation.count(target, Metric.PACKETS_IN, n.packetsIn(), atMillis));
            out.add(Observation.count(target, Metric.PACKETS_OUT, n.packetsOut(), atMillis));
        });
        report.tcpPorts().ifPresent(p -> {
            out.add(Observation.ports(target, Metric.LISTENING_TCP_PORTS, p.numbers(), atMillis));
            out.add(Observation.reported(target, Metric.NUM_LISTENING_TCP_PORTS, null, p.total(), atMillis));
        });
        report.udpPorts().ifPresent(p -> {
            out.add(Observation.ports(target, Metric.LISTENING_UDP_PORTS, p.numbers(), atMillis));
            out.add(Observation.reported(target, Metric.NUM_LISTENING_UDP_PORTS, null, p.total(), atMillis));
        });
        report.connections().ifPresent(c -> {
            out.add(Observation.reported(target, Metric.NUM_ESTABLISHED_TCP_CONNECTIONS, null, c.total(), atMillis));
            c.destinations()
                    .forEach(a -> out.add(Observation.item(target, Metric.DESTINATION_IP_ADDRESSES, a, atMillis)));
        });
        report.custom()
                .forEach((name, value) -> out.add(Observation.reported(target, Metric.CUSTOM, name, value, atMillis)));
        return out;
    }
}
