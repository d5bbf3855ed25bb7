package dev.warden.monitor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of metrics documents, valid and not, judged by the hand-written parser and by an independent JSON Schema
 * validator applying the published schema: they must agree on each, except on the rules a schema cannot state
 * (size, repeated keys, totals below the count listed), which only the parser refuses.
 */
class SchemaAgreementTest {
    static final String FULL = """
            {"header": {"report_id": 1530304554, "version": "1.0"},
             "metrics": {
               "listening_tcp_ports": {"ports": [{"port": 22, "interface": "eth0"}, {"port": 8883}], "total": 2},
               "listening_udp_ports": {"ports": [{"port": 5353, "interface": "eth0"}], "total": 1},
               "network_stats": {"bytes_in": 29358693495, "bytes_out": 26485035, "packets_in": 10013573555,
                                 "packets_out": 11382615},
               "tcp_connections": {"established_connections": {
                 "connections": [{"local_port": 443, "remote_addr": "192.168.0.1:8000"},
                                 {"remote_addr": "[2001:db8::7]:8883"}],
                 "total": 2}}},
             "custom_metrics": {"cpu-load": [{"number": 0.42}], "queue_depth": [{"number": 12}]}}
            """;

    static Stream<Arguments> corpus() {
        return Stream.of(
                ok("every section", FULL),
                ok("no metrics at all", "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{}}"),
                ok("no totals", doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":1}]}")),
                ok("empty lists", doc("\"listening_udp_ports\":{\"ports\":[],\"total\":0}")),
                ok(
                        "a total above the count listed",
                        doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":1}],\"total\":900}")),
                ok(
                        "an integer written with a zero fraction",
                        doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":22.0}]}")),
                ok(
                        "the largest counter",
                        doc("\"network_stats\":{\"bytes_in\":9007199254740991,\"bytes_out\":0,"
                                + "\"packets_in\":0,\"packets_out\":0}")),
                ok("an IPv4-mapped destination", conns("{\"remote_addr\":\"[::ffff:198.51.100.7]:443\"}")),
                ok(
                        "the same port on two interfaces",
                        doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":22,"
                                + "\"interface\":\"eth0\"},{\"port\":22,\"interface\":\"wlan0\"}]}")),
                ok("a negative custom value", custom("\"t\":[{\"number\":-40.5}]")),
                bad("not an object", "[]"),
                bad("no header", "{\"metrics\":{}}"),
                bad("no metrics", "{\"header\":{\"report_id\":1,\"version\":\"1.0\"}}"),
                bad("another version", "{\"header\":{\"report_id\":1,\"version\":\"2.0\"},\"metrics\":{}}"),
                bad("a numeric version", "{\"header\":{\"report_id\":1,\"version\":1.0},\"metrics\":{}}"),
                bad("report id zero", "{\"header\":{\"report_id\":0,\"version\":\"1.0\"},\"metrics\":{}}"),
                bad("report id as text", "{\"header\":{\"report_id\":\"7\",\"version\":\"1.0\"},\"metrics\":{}}"),
                bad("report id with a fraction", "{\"header\":{\"report_id\":7.5,\"version\":\"1.0\"},\"metrics\":{}}"),
                bad(
                        "report id beyond 2^53",
                        "{\"header\":{\"report_id\":9007199254740992,\"version\":\"1.0\"}," + "\"metrics\":{}}"),
                bad(
                        "an unknown top-level field",
                        "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{}," + "\"extra\":1}"),
                bad("an unknown metric", doc("\"cpu\":{}")),
                bad("port zero", doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":0}]}")),
                bad("port 65536", doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":65536}]}")),
                bad("a bare port number", doc("\"listening_tcp_ports\":{\"ports\":[22]}")),
                bad("a repeated port", doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":22},{\"port\":22}]}")),
                bad(
                        "a bad interface",
                        doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":22,\"interface\":\"e 0\"}]}")),
                bad("a negative total", doc("\"listening_tcp_ports\":{\"ports\":[],\"total\":-1}")),
                bad("a counter missing", doc("\"network_stats\":{\"bytes_in\":1,\"bytes_out\":1,\"packets_in\":1}")),
                bad(
                        "a negative counter",
                        doc("\"network_stats\":{\"bytes_in\":-1,\"bytes_out\":1,\"packets_in\":1,"
                                + "\"packets_out\":1}")),
                bad("a host name", conns("{\"remote_addr\":\"example.com:443\"}")),
                bad("no port", conns("{\"remote_addr\":\"198.51.100.7\"}")),
                bad("IPv6 without brackets", conns("{\"remote_addr\":\"2001:db8::7:443\"}")),
                bad("a zone id", conns("{\"remote_addr\":\"[fe80::1%eth0]:443\"}")),
                bad(
                        "a repeated connection",
                        conns("{\"remote_addr\":\"198.51.100.7:443\"}," + "{\"remote_addr\":\"198.51.100.7:443\"}")),
                bad("local port zero", conns("{\"remote_addr\":\"198.51.100.7:443\",\"local_port\":0}")),
                bad("a custom name with a space", custom("\"a b\":[{\"number\":1}]")),
                bad("a custom list of two", custom("\"t\":[{\"number\":1},{\"number\":2}]")),
                bad("a custom string", custom("\"t\":[{\"string\":\"x\"}]")),
                bad("a custom value beyond 1E15", custom("\"t\":[{\"number\":1E16}]")),
                bad("257 ports", doc("\"listening_udp_ports\":{\"ports\":[" + ports(257) + "]}")),
                bad("33 custom metrics", custom(customs(33))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parserAndSchemaAgree(String name, String document, boolean valid) {
        assertThat(SchemaValidator.errors(document)).as("schema on " + name).matches(e -> e.isEmpty() == valid);
        assertThat(parses(document)).as("parser on " + name).isEqualTo(valid);
    }

    @Test
    void onlyTheParserRefusesWhatASchemaCannotState() {
        String repeatedKey = "{\"header\":{\"report_id\":1,\"report_id\":2,\"version\":\"1.0\"},\"metrics\":{}}";
        String lowTotal = doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":1},{\"port\":2}],\"total\":1}");
        String tooLarge = doc("\"listening_tcp_ports\":{\"ports\":[" + ports(256) + "]},"
                + "\"listening_udp_ports\":{\"ports\":[" + ports(256) + "]},"
                + "\"tcp_connections\":{\"established_connections\":{\"connections\":[" + connections(120) + "]}}");
        assertThat(tooLarge.getBytes(StandardCharsets.UTF_8))
                .hasSizeGreaterThan(DeviceMetricsParser.MAX_DOCUMENT_BYTES);
        for (String d : new String[] {repeatedKey, lowTotal, tooLarge}) {
            assertThat(SchemaValidator.valid(d)).isTrue();
            assertThat(parses(d)).isFalse();
        }
        assertThatThrownBy(() -> DeviceMetricsParser.parse(tooLarge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        MonitorException.class,
                        e -> assertThat(e.reason()).isEqualTo(MonitorReason.DEVICE_METRICS_TOO_LARGE));
    }

    static boolean parses(String document) {
        try {
            DeviceMetricsParser.parse(document.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (MonitorException e) {
            return false;
        }
    }

    static String doc(String metrics) {
        return "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{" + metrics + "}}";
    }

    static String conns(String connections) {
        return doc("\"tcp_connections\":{\"established_connections\":{\"connections\":[" + connections + "]}}");
    }

    static String custom(String entries) {
        return "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{},\"custom_metrics\":{" + entries + "}}";
    }

    static String ports(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append(i > 1 ? "," : "").append("{\"port\":").append(i).append('}');
        }
        return out.toString();
    }

    static String connections(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append(i > 1 ? "," : "")
                    .append("{\"remote_addr\":\"198.51.100.")
                    .append(i)
                    .append(":443\"}");
        }
        return out.toString();
    }

    static String customs(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append(i > 1 ? "," : "")
                    .append("\"m")
                    .append(i)
                    .append("\":[{\"number\":")
                    .append(i)
                    .append("}]");
        }
        return out.toString();
    }

    private static Arguments ok(String name, String document) {
        return Arguments.of(name, document, true);
    }

    private static Arguments bad(String name, String document) {
        return Arguments.of(name, document, false);
    }
}
