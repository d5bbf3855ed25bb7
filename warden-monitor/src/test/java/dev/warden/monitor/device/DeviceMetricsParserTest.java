package dev.warden.monitor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.device.DeviceMetricsReport.Connection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceMetricsParserTest {

    private static DeviceMetricsReport parse(String document) {
        return DeviceMetricsParser.parse(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEverySection() {
        DeviceMetricsReport r = parse(SchemaAgreementTest.FULL);
        assertThat(r.reportId()).isEqualTo(1530304554L);
        assertThat(r.tcpPorts().orElseThrow().numbers()).containsExactly(22, 8883);
        assertThat(r.tcpPorts().orElseThrow().ports().get(0).networkInterface()).isEqualTo("eth0");
        assertThat(r.udpPorts().orElseThrow().total()).isEqualTo(1);
        assertThat(r.network().orElseThrow().bytesIn()).isEqualTo(29358693495L);
        assertThat(r.connections().orElseThrow().established())
                .containsExactly(
                        new Connection("192.168.0.1", 8000, 443), new Connection("2001:db8:0:0:0:0:0:7", 8883, 0));
        assertThat(r.custom()).containsEntry("cpu-load", 0.42).containsEntry("queue_depth", 12.0);
    }

    @Test
    void sectionsLeftOutAreEmptyAndTotalsDefaultToTheCountListed() {
        DeviceMetricsReport r = parse(SchemaAgreementTest.doc("\"listening_tcp_ports\":{\"ports\":[{\"port\":23}]}"));
        assertThat(r.tcpPorts().orElseThrow().total()).isEqualTo(1);
        assertThat(r.udpPorts()).isEmpty();
        assertThat(r.network()).isEmpty();
        assertThat(r.connections()).isEmpty();
        assertThat(r.custom()).isEmpty();
    }

    @Test
    void mappedIpv4DestinationsAreIpv4() {
        DeviceMetricsReport r = parse(SchemaAgreementTest.conns("{\"remote_addr\":\"[::ffff:198.51.100.7]:443\"}"));
        assertThat(r.connections().orElseThrow().destinations()).containsExactly("198.51.100.7");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|INVALID_DEVICE_METRICS|not valid JSON",
                "{}|INVALID_DEVICE_METRICS|header is missing",
                "{\"header\":{\"report_id\":1,\"report_id\":2,\"version\":\"1.0\"},\"metrics\":{}}|INVALID_DEVICE_METRICS|Duplicate field",
                "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{}} {}|INVALID_DEVICE_METRICS|not valid JSON",
                "{\"header\":{\"report_id\":1,\"version\":\"9\"},\"metrics\":{}}|INVALID_DEVICE_METRICS|header.version",
                "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{\"listening_tcp_ports\":{\"ports\":[{\"port\":70000}]}}}|INVALID_DEVICE_METRICS|metrics.listening_tcp_ports.ports[0].port must be an integer from 1 to 65535",
                "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{\"tcp_connections\":{\"established_connections\":{\"connections\":[{\"remote_addr\":\"evil.example:80\"}]}}}}|INVALID_DEVICE_METRICS|connections[0].remote_addr must be an IP literal",
                "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{\"listening_udp_ports\":{\"ports\":[{\"port\":1}],\"total\":0}}}|INVALID_DEVICE_METRICS|fewer than the 1 entries",
                "{\"header\":{\"report_id\":1,\"version\":\"1.0\"},\"metrics\":{},\"custom_metrics\":{\"t\":[{\"number\":\"1\"}]}}|INVALID_DEVICE_METRICS|custom_metrics.t[0].number must be a number",
            })
    void refusesWithAReasonAndThePath(String document, MonitorReason reason, String message) {
        assertThatThrownBy(() -> parse(document)).isInstanceOfSatisfying(MonitorException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void limitsAreTooLarge() {
        String ports =
                SchemaAgreementTest.doc("\"listening_tcp_ports\":{\"ports\":[" + SchemaAgreementTest.ports(257) + "]}");
        String custom = SchemaAgreementTest.custom(SchemaAgreementTest.customs(33));
        String connections = SchemaAgreementTest.conns(SchemaAgreementTest.connections(257));
        for (String d : List.of(ports, custom, connections)) {
            assertThatThrownBy(() -> parse(d))
                    .isInstanceOfSatisfying(
                            MonitorException.class,
                            e -> assertThat(e.reason()).isEqualTo(MonitorReason.DEVICE_METRICS_TOO_LARGE));
        }
        // At the limits themselves, accepted.
        assertThat(parse(SchemaAgreementTest.doc(
                                "\"listening_tcp_ports\":{\"ports\":[" + SchemaAgreementTest.ports(256) + "]}"))
                        .tcpPorts()
                        .orElseThrow()
                        .ports())
                .hasSize(256);
        assertThat(parse(SchemaAgreementTest.custom(SchemaAgreementTest.customs(32)))
                        .custom())
                .hasSize(32);
        byte[] big = new byte[DeviceMetricsParser.MAX_DOCUMENT_BYTES + 1];
        assertThatThrownBy(() -> DeviceMetricsParser.parse(big))
                .isInstanceOfSatisfying(
                        MonitorException.class, e -> assertThat(e.code()).isEqualTo("DEVICE_METRICS_TOO_LARGE"));
    }

    @Test
    void messagesQuoteTheDevicesTextSafely() {
        String d = SchemaAgreementTest.conns("{\"remote_addr\":\"x\\u0000y" + "z".repeat(100) + "\"}");
        assertThatThrownBy(() -> parse(d))
                .hasMessageContaining("\\u0000")
                .hasMessageContaining("...")
                .hasMessageNotContaining("z".repeat(100));
    }

    @Test
    void reportIdsMustIncreasePerThing() {
        ReportSequence s = new ReportSequence(2);
        s.admit("a", 5);
        s.admit("b", 1);
        assertThatThrownBy(() -> s.admit("a", 5)).isInstanceOfSatisfying(MonitorException.class, e -> {
            assertThat(e.reason()).isEqualTo(MonitorReason.INVALID_DEVICE_METRICS);
            assertThat(e.getMessage()).contains("replayed or old");
        });
        assertThatThrownBy(() -> s.admit("a", 4)).isInstanceOf(MonitorException.class);
        s.admit("a", 6);
        assertThat(s.last("a")).isEqualTo(6);
        s.admit("c", 1); // b is the least recent: forgotten
        assertThat(s.last("b")).isZero();
        assertThat(s.last("a")).isEqualTo(6);
    }

    @Test
    void reportBecomesThingScopedObservations() {
        List<Observation> out = DeviceMetricsObservations.of("t1", parse(SchemaAgreementTest.FULL), 42);
        TargetKey t = TargetKey.thing("t1");
        assertThat(out).allMatch(o -> o.target().equals(t) && o.atMillis() == 42);
        assertThat(out)
                .contains(
                        Observation.count(t, Metric.BYTES_IN, 29358693495.0, 42),
                        Observation.count(t, Metric.PACKETS_OUT, 11382615, 42),
                        Observation.ports(t, Metric.LISTENING_TCP_PORTS, Set.of(22, 8883), 42),
                        Observation.reported(t, Metric.NUM_LISTENING_TCP_PORTS, null, 2, 42),
                        Observation.ports(t, Metric.LISTENING_UDP_PORTS, Set.of(5353), 42),
                        Observation.reported(t, Metric.NUM_ESTABLISHED_TCP_CONNECTIONS, null, 2, 42),
                        Observation.item(t, Metric.DESTINATION_IP_ADDRESSES, "192.168.0.1", 42),
                        Observation.item(t, Metric.DESTINATION_IP_ADDRESSES, "2001:db8:0:0:0:0:0:7", 42),
                        Observation.reported(t, Metric.CUSTOM, "cpu-load", 0.42, 42));
        assertThat(out).hasSize(4 + 2 + 2 + 1 + 2 + 2);
    }
}
