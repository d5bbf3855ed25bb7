package dev.warden.device.metrics;

import dev.warden.device.metrics.ProcNet.InterfaceCounters;
import dev.warden.device.metrics.ProcNet.Socket;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a device's network looks like at one moment: the TCP and UDP ports it listens on, its established TCP
 * connections to other hosts, and each interface's counters since boot. Connections to the device itself (a
 * loopback address) are not destinations and are left out.
 */
public record HostMetrics(
        Set<Integer> tcpListening,
        Set<Integer> udpListening,
        List<Destination> established,
        Map<String, InterfaceCounters> interfaces) {

    public HostMetrics {
        tcpListening = Set.copyOf(tcpListening);
        udpListening = Set.copyOf(udpListening);
        established = List.copyOf(established);
        interfaces = Map.copyOf(interfaces);
    }

    /** An established TCP connection to {@code remote}:{@code remotePort} from local port {@code localPort}. */
    public record Destination(InetAddress remote, int remotePort, int localPort) {}

    public static final HostMetrics EMPTY = new HostMetrics(Set.of(), Set.of(), List.of(), Map.of());

    /** From the texts of {@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6} and {@code dev}. */
    public static HostMetrics fromProc(String tcp, String tcp6, String udp, String udp6, String dev, ByteOrder order) {
        Set<Integer> tcpListening = new TreeSet<>();
        List<Destination> established = new ArrayList<>();
        for (String table : List.of(tcp, tcp6)) {
            for (Socket s : ProcNet.sockets(table, order)) {
                if (s.state() == ProcNet.TCP_LISTEN) {
                    tcpListening.add(s.localPort());
                } else if (s.state() == ProcNet.TCP_ESTABLISHED
                        && s.remotePort() > 0
                        && !s.remote().isLoopbackAddress()) {
                    established.add(new Destination(s.remote(), s.remotePort(), s.localPort()));
                }
            }
        }
        Set<Integer> udpListening = new TreeSet<>();
        for (String table : List.of(udp, udp6)) {
            for (Socket s : ProcNet.sockets(table, order)) {
                if (s.state() == ProcNet.UDP_UNCONNECTED && s.remotePort() == 0 && s.localPort() != 0) {
                    udpListening.add(s.localPort());
                }
            }
        }
        return new HostMetrics(
                tcpListening, udpListening, established.stream().distinct().toList(), ProcNet.interfaces(dev));
    }

    /** The same, plus a TCP port listening (a simulated anomaly). */
    public HostMetrics withTcpListening(int port) {
        Set<Integer> ports = new TreeSet<>(tcpListening);
        ports.add(port);
        return new HostMetrics(ports, udpListening, established, interfaces);
    }

    /** The same, plus a connection (a simulated anomaly). */
    public HostMetrics withConnection(Destination d) {
        List<Destination> all = new ArrayList<>(established);
        all.remove(d);
        all.add(0, d);
        return new HostMetrics(tcpListening, udpListening, all, interfaces);
    }

    /**
     * Counters added since {@code earlier}, over every interface but loopback: an interface that is new counts
     * from zero, and one whose counters went down (reset, or a new interface of the same name) counts from its reset.
     */
    public InterfaceCounters since(HostMetrics earlier) {
        long bytesIn = 0;
        long packetsIn = 0;
        long bytesOut = 0;
        long packetsOut = 0;
        for (Map.Entry<String, InterfaceCounters> e : interfaces.entrySet()) {
            if (e.getKey().equals("lo")) {
                continue;
            }
            InterfaceCounters now = e.getValue();
            InterfaceCounters before = earlier.interfaces.get(e.getKey());
            if (before == null) {
                continue;
            }
            bytesIn += delta(now.bytesIn(), before.bytesIn());
            packetsIn += delta(now.packetsIn(), before.packetsIn());
            bytesOut += delta(now.bytesOut(), before.bytesOut());
            packetsOut += delta(now.packetsOut(), before.packetsOut());
        }
        return new InterfaceCounters(bytesIn, packetsIn, bytesOut, packetsOut);
    }

    private static long delta(long now, long before) {
        return now >= before ? now - before : now;
    }
}
