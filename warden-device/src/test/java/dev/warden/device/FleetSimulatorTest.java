package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testkit.TestCa;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fleet simulator against a real gateway. */
class FleetSimulatorTest {
    static TestCa ca;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        ca = TestCa.create("trusted");
        gateway = new TestGateway(ca);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void twentyDevicesAtTenMessagesPerSecondForThreeSecondsPublishEverything() {
        List<DeviceCredentials> fleet = IntStream.range(0, 20)
                .mapToObj(i -> TestCredentials.device(ca.newDevice("sim-" + i, Duration.ofDays(1))))
                .toList();

        SimulationReport report = FleetSimulator.against(gateway.clientConfig())
                .run(SimulationPlan.of(20, 10, Duration.ofSeconds(3)), FleetSimulator.CredentialSource.of(fleet));

        assertThat(report.connected()).as(report.summary()).isEqualTo(20);
        assertThat(report.attempted()).as(report.summary()).isEqualTo(600);
        assertThat(report.published()).as(report.summary()).isEqualTo(600);
        assertThat(report.failed()).isZero();
        assertThat(report.reconnects()).isZero();
        assertThat(report.p50()).isPositive().isLessThanOrEqualTo(report.p99());
        assertThat(report.p99()).isLessThan(Duration.ofSeconds(2));
        assertThat(report.connectFailures()).isEmpty();
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void devicesProvisionedOnTheFlyAndRefusedOnesAreCountedApart() {
        DeviceCredentials revoked = TestCredentials.device(ca.newDevice("sim-revoked", Duration.ofDays(1)));
        gateway.revoke(revoked);
        // The credential source may provision each device; here device 2 is one the gateway refuses.
        FleetSimulator.CredentialSource source = index ->
                index == 2 ? revoked : TestCredentials.device(ca.newDevice("sim-fly-" + index, Duration.ofDays(1)));

        SimulationReport report = FleetSimulator.against(gateway.clientConfig())
                .run(new SimulationPlan(4, 5, Duration.ofSeconds(1), Qos.AT_MOST_ONCE, 32), source);

        assertThat(report.connected()).isEqualTo(3);
        assertThat(report.connectFailures()).isEqualTo(Map.of(DeviceErrorReason.NOT_AUTHORIZED, 1));
        assertThat(report.published()).as(report.summary()).isEqualTo(15);
        assertThat(report.p50()).isEqualTo(Duration.ZERO);
    }
}
