package dev.warden.device.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.device.metrics.HostMetrics.Destination;
import dev.warden.device.metrics.ProcNet.InterfaceCounters;
import dev.warden.device.metrics.ProcNet.Socket;
import dev.warden.monitor.device.DeviceMetricsParser;
import dev.warden.monitor.device.DeviceMetricsReport;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /proc/net parsing on sample text from a little-endian host, and the documents written from it. */
class ProcNetTest {
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1355 1 0 100 0 0 10 0
               1: 0100007F:22B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1356 1 0 100 0 0 10 0
               2: 0F02000A:C350 07643362:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 1357 1 0 20 4 30 10 -1
               3: 0100007F:C351 0100007F:22B3 01 00000000:00000000 00:00000000 00000000  1000        0 1358 1 0 20 4 30 10 -1
               4: 0F02000A:C352 07643362:01BB 06 00000000:00000000 00:00000000 00000000  1000        0 1359 1 0 20 4 30 10 -1
               5: garbage line
            """;
    static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue
               0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000
               1: 0000000000000000FFFF00000100007F:4EC3 00000000000000000000000000000000:0000 0A 00000000:00000000
               2: B80D0120000000000000000002000000:D431 B80D0120000000000000000007000000:20B3 01 00000000:00000000
            """;
    static final String UDP = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              100: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 2000 2 0 0
              101: 0F02000A:D000 08080808:0035 01 00000000:00000000 00:00000000 00000000   101        0 2001 2 0 0
            """;
    static final String DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 5517022768 1995465    0    0    0     0          0         0 5517022768 1995465    0    0    0     0       0          0
              eth0: 426790927   14413    0    0    0     0          0         0  1708765   12234    0    0    0     0       0          0
             wlan0:1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0
            """;

    @Test
    void socketTablesInTheKernelsByteOrder() throws Exception {
        List<Socket> tcp = ProcNet.sockets(TCP, ByteOrder.LITTLE_ENDIAN);
        assertThat(tcp).hasSize(5);
        assertThat(tcp.get(0))
                .isEqualTo(new Socket(
                        InetAddress.getByName("0.0.0.0"), 22, InetAddress.getByName("0.0.0.0"), 0, ProcNet.TCP_LISTEN));
        assertThat(tcp.get(2).local()).isEqualTo(InetAddress.getByName("10.0.2.15"));
        assertThat(tcp.get(2).remote()).isEqualTo(InetAddress.getByName("98.51.100.7"));
        assertThat(tcp.get(2).remotePort()).isEqualTo(443);
        List<Socket> tcp6 = ProcNet.sockets(TCP6, ByteOrder.LITTLE_ENDIAN);
        assertThat(tcp6.get(1).local()).as("IPv4-mapped").isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(tcp6.get(2).remote()).isEqualTo(InetAddress.getByName("2001:db8::7"));
        // The same words read as a big-endian kernel writes them.
        assertThat(ProcNet.sockets(" 0: 0A00020F:0050 62336407:01BB 01 0", ByteOrder.BIG_ENDIAN)
                        .get(0)
                        .remote())
                .isEqualTo(InetAddress.getByName("98.51.100.7"));
    }

    @Test
    void interfaceCounters() {
        Map<String, InterfaceCounters> dev = ProcNet.interfaces(DEV);
        assertThat(dev).containsOnlyKeys("lo", "eth0", "wlan0");
        assertThat(dev.get("eth0")).isEqualTo(new InterfaceCounters(426790927L, 14413, 1708765, 12234));
        assertThat(dev.get("wlan0")).isEqualTo(new InterfaceCounters(1000, 10, 2000, 20));
    }

    static HostMetrics host() {
        return HostMetrics.fromProc(TCP, TCP6, UDP, "", DEV, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void hostMetricsListenersAndDestinations() throws Exception {
        HostMetrics h = host();
        assertThat(h.tcpListening()).containsExactlyInAnyOrder(22, 8883, 20163);
        assertThat(h.udpListening()).containsExactly(5353);
        assertThat(h.established())
                .as("loopback and closing connections are not destinations")
                .containsExactly(
                        new Destination(InetAddress.getByName("98.51.100.7"), 443, 50000),
                        new Destination(InetAddress.getByName("2001:db8::7"), 8371, 54321));
    }

    @Test
    void deltasSkipLoopbackAndSurviveResets() {
        HostMetrics before = host();
        String later = DEV.replace("426790927   14413", "426791927   14423").replace("wlan0:1000 10", "wlan0:5 1");
        HostMetrics after = HostMetrics.fromProc(
                TCP, TCP6, UDP, "", later.replace("5517022768", "5517099999"), ByteOrder.LITTLE_ENDIAN);
        InterfaceCounters d = after.since(before);
        assertThat(d.bytesIn()).isEqualTo(1000 + 5);
        assertThat(d.packetsIn()).isEqualTo(10 + 1);
        assertThat(d.bytesOut()).isZero();
        assertThat(after.since(after)).isEqualTo(new InterfaceCounters(0, 0, 0, 0));
    }

    @Test
    void documentsAreWhatTheNodeAccepts() {
        byte[] doc = MetricsDocument.write(
                42, host(), new InterfaceCounters(1, 2, 3, 4), Map.of("queue-depth", 7.0, "temp", -3.5));
        DeviceMetricsReport r = DeviceMetricsParser.parse(doc);
        assertThat(r.reportId()).isEqualTo(42);
        assertThat(r.tcpPorts().orElseThrow().numbers()).containsExactlyInAnyOrder(22, 8883, 20163);
        assertThat(r.connections().orElseThrow().destinations()).containsExactly("98.51.100.7", "2001:db8:0:0:0:0:0:7");
        assertThat(r.network().orElseThrow().bytesIn()).isEqualTo(1);
        assertThat(r.network().orElseThrow().packetsOut()).isEqualTo(4);
        assertThat(r.custom()).isEqualTo(Map.of("queue-depth", 7.0, "temp", -3.5));
    }

    @Test
    void whatDoesNotFitIsLeftOutOfTheListsNotTheTotals() throws Exception {
        List<Destination> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.add(new Destination(InetAddress.getByName("2001:db8::" + Integer.toHexString(i + 1)), 443, 1024 + i));
        }
        Set<Integer> ports = new java.util.TreeSet<>();
        for (int i = 1; i <= 300; i++) {
            ports.add(i * 7);
        }
        HostMetrics crowded = new HostMetrics(ports, ports, many, Map.of());
        byte[] doc = MetricsDocument.write(1, crowded, new InterfaceCounters(0, 0, 0, 0), Map.of());
        assertThat(doc.length).isLessThanOrEqualTo(MetricsDocument.MAX_BYTES);
        DeviceMetricsReport r = DeviceMetricsParser.parse(doc);
        assertThat(r.connections().orElseThrow().total()).isEqualTo(400);
        assertThat(r.connections().orElseThrow().established()).hasSizeLessThan(400);
        assertThat(r.tcpPorts().orElseThrow().total()).isEqualTo(300);
        assertThat(r.tcpPorts().orElseThrow().ports()).hasSizeLessThanOrEqualTo(256);
    }

    @Test
    void theRealHostIfLinux() {
        java.nio.file.Path proc = java.nio.file.Path.of("/proc/net");
        if (!java.nio.file.Files.isDirectory(proc)) {
            return;
        }
        HostMetrics h = MetricsCollector.linux().collect();
        DeviceMetricsParser.parse(MetricsDocument.write(1, h, h.since(h), Map.of()));
    }
}
