package dev.warden.monitor.device;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validated device metrics document (schema version 1.0). A section the device left out is empty: it collects
 * nothing there, and the engine keeps what it reported last. Byte and packet counts are deltas since the device's
 * previous report; ports and connections are the state at the time of the report.
 */
public record DeviceMetricsReport(
        long reportId,
        Optional<ListeningPorts> tcpPorts,
        Optional<ListeningPorts> udpPorts,
        Optional<NetworkStats> network,
        Optional<Connections> connections,
        Map<String, Double> custom) {

    public DeviceMetricsReport {
        custom = Map.copyOf(custom);
    }

    /** A listening socket; {@code networkInterface} is null when the device did not name one. */
    public record ListeningPort(int port, String networkInterface) {}

    /** The ports listed, and {@code total}, the device's count (at least the number listed: the rest did not fit). */
    public record ListeningPorts(List<ListeningPort> ports, long total) {
        public ListeningPorts {
            ports = List.copyOf(ports);
        }

        /** The distinct port numbers, whatever interface they listen on. */
        public Set<Integer> numbers() {
            Set<Integer> out = new LinkedHashSet<>();
            ports.forEach(p -> out.add(p.port()));
            return out;
        }
    }

    public record NetworkStats(long bytesIn, long bytesOut, long packetsIn, long packetsOut) {}

    /**
     * An established TCP connection: {@code remoteAddress} is the canonical text of an IP literal (IPv4-mapped
     * addresses as IPv4), {@code localPort} 0 when not given.
     */
    public record Connection(String remoteAddress, int remotePort, int localPort) {}

    public record Connections(List<Connection> established, long total) {
        public Connections {
            established = List.copyOf(established);
        }

        /** The distinct remote addresses, in the order listed. */
        public Set<String> destinations() {
            Set<String> out = new LinkedHashSet<>();
            established.forEach(c -> out.add(c.remoteAddress()));
            return out;
        }
    }
}
