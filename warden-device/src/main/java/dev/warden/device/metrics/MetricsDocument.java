package dev.warden.device.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.device.metrics.HostMetrics.Destination;
import dev.warden.device.metrics.ProcNet.InterfaceCounters;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a device metrics document, schema version 1.0, that the node accepts: at most {@value #MAX_BYTES} bytes,
 * {@value #MAX_ENTRIES} ports per protocol and connections, {@value #MAX_CUSTOM} custom metrics. What does not fit
 * is left out of the lists (connections first, then ports) while each {@code total} still counts everything, so the
 * node's counts stay true.
 */
public final class MetricsDocument {
    public static final String VERSION = "1.0";
    public static final int MAX_BYTES = 8 * 1024;
    public static final int MAX_ENTRIES = 256;
    public static final int MAX_CUSTOM = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsDocument() {}

    public static byte[] write(long reportId, HostMetrics host, InterfaceCounters delta, Map<String, Double> custom) {
        int connections = Math.min(MAX_ENTRIES, host.established().size());
        int ports = MAX_ENTRIES;
        while (true) {
            byte[] out = render(reportId, host, delta, custom, connections, ports);
            if (out.length <= MAX_BYTES) {
                return out;
            }
            if (connections > 0) {
                connections /= 2;
            } else if (ports > 0) {
                ports /= 2;
            } else {
                throw new IllegalStateException(
                        "a metrics document without lists is still over " + MAX_BYTES + " bytes");
            }
        }
    }

    private static byte[] render(
            long reportId,
            HostMetrics host,
            InterfaceCounters delta,
            Map<String, Double> custom,
            int connections,
            int ports) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode header = root.putObject("header");
        header.put("report_id", reportId);
        header.put("version", VERSION);
        ObjectNode metrics = root.putObject("metrics");
        metrics.set("listening_tcp_ports", ports(host.tcpListening(), ports));
        metrics.set("listening_udp_ports", ports(host.udpListening(), ports));
        ObjectNode network = metrics.putObject("network_stats");
        network.put("bytes_in", delta.bytesIn());
        network.put("bytes_out", delta.bytesOut());
        network.put("packets_in", delta.packetsIn());
        network.put("packets_out", delta.packetsOut());
        ObjectNode established = metrics.putObject("tcp_connections").putObject("established_connections");
        ArrayNode list = established.putArray("connections");
        for (Destination d : host.established().subList(0, connections)) {
            ObjectNode c = list.addObject();
            c.put("remote_addr", remoteAddr(d));
            if (d.localPort() > 0) {
                c.put("local_port", d.localPort());
            }
        }
        established.put("total", host.established().size());
        if (!custom.isEmpty()) {
            ObjectNode c = root.putObject("custom_metrics");
            custom.forEach((name, value) -> c.putArray(name).addObject().put("number", value));
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode ports(java.util.Set<Integer> listening, int max) {
        ObjectNode section = JSON.createObjectNode();
        ArrayNode list = section.putArray("ports");
        List<Integer> sorted = new ArrayList<>(new java.util.TreeSet<>(listening));
        sorted.stream()
                .filter(p -> p > 0)
                .limit(max)
                .forEach(p -> list.addObject().put("port", p));
        section.put("total", sorted.size());
        return section;
    }

    /** {@code a.b.c.d:port} or {@code [v6]:port}: an IP literal, never a host name. */
    static String remoteAddr(Destination d) {
        String host = d.remote().getHostAddress();
        if (d.remote() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return host + ":" + d.remotePort();
    }
}
