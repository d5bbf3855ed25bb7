package dev.warden.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.core.DetectionEngine;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.Severity;
import dev.warden.monitor.core.TargetDirectory;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

    @Test
    void beforeTheGatewayExistsItsMetersReadZero() {
        try (NodeMetrics metrics = new NodeMetrics().gateway(() -> null)) {
            String text = metrics.scrape();
            assertThat(text)
                    .contains("# TYPE warden_gateway_connections gauge")
                    .containsPattern("(?m)^warden_gateway_connections 0(\\.0)?$")
                    .containsPattern(
                            "(?m)^warden_gateway_connections_refused_total\\{reason=\"rate-limited\"} 0(\\.0)?$")
                    .containsPattern("(?m)^warden_gateway_messages_dropped_total\\{reason=\"not-writable\"} 0(\\.0)?$")
                    .contains("warden_gateway_payload_in_bytes_total")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_live_threads")
                    .contains("process_cpu_usage")
                    .doesNotContain("process_cpu_time_ns_total")
                    .doesNotContainPattern("(?m)^system_cpu_count ");
        }
    }

    @Test
    void withMonitoringOffThereAreNoMonitorMeters() {
        try (NodeMetrics metrics = new NodeMetrics().monitor(null)) {
            assertThat(metrics.scrape()).doesNotContain("warden_monitor_");
        }
    }

    @Test
    void monitorIntakeAndTheHooksOfLaterPartsAreExposed() {
        // GIVEN a monitor loop whose queue holds one observation (not started, so nothing is taken from it)
        MonitorLoop loop = new MonitorLoop(
                new DetectionEngine(TargetDirectory.NONE), t -> {}, Clock.systemUTC(), Duration.ofSeconds(1), 1);
        for (int i = 0; i < 3; i++) {
            loop.accept(Observation.connection("dev-1", true, 0));
        }
        try (NodeMetrics metrics = new NodeMetrics().monitor(loop)) {
            // WHEN the alarm book and the mitigator plug their figures in
            metrics.alarmsActive(s -> s == Severity.CRITICAL ? 2 : 0);
            metrics.mitigations(a -> a == MitigationAction.QUARANTINE ? 1 : 0);
            String text = metrics.scrape();
            // THEN the scrape has them
            assertThat(text)
                    .containsPattern("(?m)^warden_monitor_observations_dropped_total 2(\\.0)?$")
                    .containsPattern("(?m)^warden_monitor_observations_total 0(\\.0)?$")
                    .containsPattern("(?m)^warden_monitor_targets 0(\\.0)?$")
                    .containsPattern("(?m)^warden_monitor_alarms_active\\{severity=\"critical\"} 2(\\.0)?$")
                    .containsPattern("(?m)^warden_monitor_alarms_active\\{severity=\"low\"} 0(\\.0)?$")
                    .containsPattern("(?m)^warden_monitor_mitigations_total\\{action=\"quarantine\"} 1(\\.0)?$");
        }
    }
}
