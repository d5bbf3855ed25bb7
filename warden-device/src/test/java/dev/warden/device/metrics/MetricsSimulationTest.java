package dev.warden.device.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.device.DeviceCredentials;
import dev.warden.device.FleetSimulator;
import dev.warden.device.SimulationPlan;
import dev.warden.device.SimulationReport;
import dev.warden.device.SimulatorFixture;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.device.DeviceMetricsListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A simulated fleet reports device-side metrics to a real gateway and the node's listener; one device misbehaves. */
class MetricsSimulationTest {

    @Test
    void everyDeviceReportsAndOnlyTheMisbehavingOneListensOnTelnet() throws Exception {
        List<Observation> observed = new CopyOnWriteArrayList<>();
        try (SimulatorFixture fixture = new SimulatorFixture();
                DeviceMetricsListener node = new DeviceMetricsListener(observed::add)) {
            fixture.publishTo(node, node::attach);
            List<DeviceCredentials> fleet = fixture.devices("metrics-", 3);
            MetricsSimulation metrics = new MetricsSimulation(Duration.ofSeconds(1), Misbehaviour.OPEN_PORT, 1);

            SimulationReport report = FleetSimulator.against(fixture.clientConfig())
                    .withMetrics(metrics)
                    .run(SimulationPlan.of(3, 2, Duration.ofSeconds(3)), FleetSimulator.CredentialSource.of(fleet));

            assertThat(report.connected()).isEqualTo(3);
            assertThat(metrics.accepted()).as(metrics.summary()).isGreaterThanOrEqualTo(3);
            assertThat(metrics.rejected()).as(metrics.summary()).isZero();
            assertThat(observed)
                    .filteredOn(o -> o.metric() == Metric.LISTENING_TCP_PORTS
                            && o.ports().contains(23))
                    .extracting(o -> o.target().name())
                    .containsOnly("metrics-0")
                    .isNotEmpty();
            assertThat(observed)
                    .filteredOn(o -> o.metric() == Metric.CUSTOM)
                    .extracting(Observation::item)
                    .containsOnly(MetricsSimulation.LOAD_METRIC);
        }
    }

    @Test
    void misbehavioursAddTheirAnomaly() {
        HostMetrics host = HostMetrics.EMPTY;
        assertThat(Misbehaviour.OPEN_PORT.apply(host).tcpListening()).containsExactly(23);
        assertThat(Misbehaviour.DESTINATION.apply(host).established())
                .extracting(d -> d.remote().getHostAddress())
                .containsExactly("198.51.100.7");
        assertThat(Misbehaviour.CUSTOM_SPIKE.apply(host)).isEqualTo(host);
        assertThat(Misbehaviour.byId("custom-spike")).contains(Misbehaviour.CUSTOM_SPIKE);
        assertThat(Misbehaviour.byId("nope")).isEmpty();
    }
}
