package dev.warden.monitor.device;

import static dev.warden.monitor.device.JsonRules.array;
import static dev.warden.monitor.device.JsonRules.integer;
import static dev.warden.monitor.device.JsonRules.invalid;
import static dev.warden.monitor.device.JsonRules.object;
import static dev.warden.monitor.device.JsonRules.quote;
import static dev.warden.monitor.device.JsonRules.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.device.DeviceMetricsReport.Connection;
import dev.warden.monitor.device.DeviceMetricsReport.Connections;
import dev.warden.monitor.device.DeviceMetricsReport.ListeningPort;
import dev.warden.monitor.device.DeviceMetricsReport.ListeningPorts;
import dev.warden.monitor.device.DeviceMetricsReport.NetworkStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a device metrics document, schema version 1.0 ({@link #SCHEMA_RESOURCE}), and refuses anything the schema
 * refuses, plus what a schema cannot say: more than {@value #MAX_DOCUMENT_BYTES} bytes, a repeated key, a list's
 * {@code total} below the number of entries listed. Every refusal is a {@link MonitorException}
 * ({@code INVALID_DEVICE_METRICS}, or {@code DEVICE_METRICS_TOO_LARGE} for the size and count limits) whose message
 * names the offending path. Pure: addresses are read as literals, never looked up; no state (report ids are
 * checked by {@link ReportSequence}).
 */
public final class DeviceMetricsParser {
    public static final String SCHEMA_RESOURCE = "/dev/warden/monitor/device/device-metrics-1.0.schema.json";
    public static final String VERSION = "1.0";
    public static final int MAX_DOCUMENT_BYTES = 8 * 1024;
    public static final int MAX_PORTS = 256;
    public static final int MAX_CONNECTIONS = 256;
    public static final int MAX_CUSTOM_METRICS = 32;
    /** JavaScript's largest safe integer, so that a device written in any language can count up to it. */
    public static final long MAX_COUNTER = 9_007_199_254_740_991L;

    static final BigDecimal MAX_CUSTOM_VALUE = new BigDecimal("1E15");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.:@%-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> COUNTERS = List.of("bytes_in", "bytes_out", "packets_in", "packets_out");

    private DeviceMetricsParser() {}

    public static DeviceMetricsReport parse(byte[] document) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new MonitorException(
                    MonitorReason.DEVICE_METRICS_TOO_LARGE,
                    "a metrics document is at most " + MAX_DOCUMENT_BYTES + " bytes, this one has " + document.length);
        }
        JsonNode root = tree(document);
        object(root, "", Set.of("header", "metrics", "custom_metrics"), List.of("header", "metrics"));
        JsonNode header =
                object(root.get("header"), "header", Set.of("report_id", "version"), List.of("report_id", "version"));
        long reportId = integer(header.get("report_id"), "header.report_id", 1, MAX_COUNTER);
        if (!VERSION.equals(header.get("version").textValue())) {
            throw invalid("header.version must be \"" + VERSION + "\"");
        }
        JsonNode metrics = object(
                root.get("metrics"),
                "metrics",
                Set.of("listening_tcp_ports", "listening_udp_ports", "network_stats", "tcp_connections"),
                List.of());
        return new DeviceMetricsReport(
                reportId,
                optional(metrics, "listening_tcp_ports").map(n -> ports(n, "metrics.listening_tcp_ports")),
                optional(metrics, "listening_udp_ports").map(n -> ports(n, "metrics.listening_udp_ports")),
                optional(metrics, "network_stats").map(DeviceMetricsParser::network),
                optional(metrics, "tcp_connections").map(DeviceMetricsParser::connections),
                custom(root.get("custom_metrics")));
    }

    /** The document's report id if it has a readable one (for a rejection's reply), else empty. */
    public static OptionalLong reportIdOf(byte[] document) {
        try {
            JsonNode id = JSON.readTree(document).path("header").path("report_id");
            return id.canConvertToExactIntegral() && id.canConvertToLong()
                    ? OptionalLong.of(id.longValue())
                    : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static JsonNode tree(byte[] document) {
        try {
            JsonNode root = JSON.readTree(document);
            if (root == null || root.isMissingNode()) {
                throw invalid("the document is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            // The parser's own words (never the payload): where and what, e.g. a duplicate field.
            throw invalid("the document is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("the document is not valid JSON");
        }
    }

    private static Optional<JsonNode> optional(JsonNode parent, String field) {
        return Optional.ofNullable(parent.get(field));
    }

    private static ListeningPorts ports(JsonNode node, String path) {
        object(node, path, Set.of("ports", "total"), List.of("ports"));
        JsonNode list = array(node.get("ports"), path + ".ports", MAX_PORTS, "ports");
        List<ListeningPort> out = new ArrayList<>();
        Set<ListeningPort> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".ports[" + i + "]";
            JsonNode p = object(list.get(i), at, Set.of("port", "interface"), List.of("port"));
            int port = (int) integer(p.get("port"), at + ".port", 1, 65_535);
            String networkInterface = null;
            if (p.has("interface")) {
                networkInterface = text(p.get("interface"), at + ".interface");
                if (!INTERFACE.matcher(networkInterface).matches()) {
                    throw invalid(at + ".interface must be 1-64 of A-Z a-z 0-9 _ . : @ % -");
                }
            }
            ListeningPort entry = new ListeningPort(port, networkInterface);
            if (!seen.add(entry)) {
                throw invalid(at + " repeats an earlier entry");
            }
            out.add(entry);
        }
        return new ListeningPorts(out, total(node, path, out.size()));
    }

    /** {@code total} when given (at least the number listed: the rest did not fit), else the number listed. */
    private static long total(JsonNode node, String path, int listed) {
        if (!node.has("total")) {
            return listed;
        }
        long total = integer(node.get("total"), path + ".total", 0, MAX_COUNTER);
        if (total < listed) {
            throw invalid(path + ".total is " + total + ", fewer than the " + listed + " entries listed");
        }
        return total;
    }

    private static NetworkStats network(JsonNode node) {
        String path = "metrics.network_stats";
        object(node, path, Set.copyOf(COUNTERS), COUNTERS);
        return new NetworkStats(
                integer(node.get("bytes_in"), path + ".bytes_in", 0, MAX_COUNTER),
                integer(node.get("bytes_out"), path + ".bytes_out", 0, MAX_COUNTER),
                integer(node.get("packets_in"), path + ".packets_in", 0, MAX_COUNTER),
                integer(node.get("packets_out"), path + ".packets_out", 0, MAX_COUNTER));
    }

    private static Connections connections(JsonNode node) {
        String path = "metrics.tcp_connections";
        object(node, path, Set.of("established_connections"), List.of("established_connections"));
        path += ".established_connections";
        JsonNode established = object(
                node.get("established_connections"), path, Set.of("connections", "total"), List.of("connections"));
        JsonNode list = array(established.get("connections"), path + ".connections", MAX_CONNECTIONS, "connections");
        List<Connection> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + ".connections[" + i + "]";
            JsonNode c = object(list.get(i), at, Set.of("remote_addr", "local_port"), List.of("remote_addr"));
            String remote = text(c.get("remote_addr"), at + ".remote_addr");
            int localPort = c.has("local_port") ? (int) integer(c.get("local_port"), at + ".local_port", 1, 65_535) : 0;
            // Repeats are judged on the text, as the schema's uniqueItems does.
            if (!seen.add(List.of(remote, localPort))) {
                throw invalid(at + " repeats an earlier entry");
            }
            out.add(connection(remote, localPort, at + ".remote_addr"));
        }
        return new Connections(out, total(established, path, out.size()));
    }

    /** {@code a.b.c.d:port} or {@code [v6]:port}; the port is decimal 1-65535 without leading zeros. */
    static Connection connection(String remote, int localPort, String path) {
        int colon = remote.lastIndexOf(':');
        String host = colon < 0 ? "" : remote.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            host = host.substring(1, host.length() - 1);
            if (host.indexOf(':') < 0) {
                host = ""; // brackets hold IPv6 only
            }
        } else if (host.indexOf(':') >= 0) {
            host = ""; // IPv6 needs its brackets
        }
        int port = colon < 0 ? -1 : port(remote.substring(colon + 1));
        Optional<String> address = host.isEmpty() ? Optional.empty() : IpLiteral.canonical(host);
        if (address.isEmpty() || port < 0) {
            throw invalid(path + " must be an IP literal and a port (198.51.100.7:443 or [2001:db8::7]:443), not "
                    + quote(remote));
        }
        return new Connection(address.get(), port, localPort);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 65_535 ? v : -1;
    }

    private static Map<String, Double> custom(JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid("custom_metrics must be an object");
        }
        if (node.size() > MAX_CUSTOM_METRICS) {
            throw new MonitorException(
                    MonitorReason.DEVICE_METRICS_TOO_LARGE,
                    "custom_metrics holds at most " + MAX_CUSTOM_METRICS + " metrics");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CUSTOM_NAME.matcher(e.getKey()).matches()) {
                throw invalid("custom_metrics: a name is 1-128 of A-Z a-z 0-9 _ . -, not " + quote(e.getKey()));
            }
            String at = "custom_metrics." + e.getKey();
            JsonNode values = e.getValue();
            if (!values.isArray() || values.size() != 1) {
                throw invalid(at + " must be an array of exactly one {\"number\": N}");
            }
            JsonNode value = object(values.get(0), at + "[0]", Set.of("number"), List.of("number"));
            BigDecimal n = JsonRules.number(value.get("number"), at + "[0].number");
            if (n.abs().compareTo(MAX_CUSTOM_VALUE) > 0) {
                throw invalid(at + "[0].number must be from -1E15 to 1E15");
            }
            out.put(e.getKey(), n.doubleValue());
        }
        return out;
    }
}
