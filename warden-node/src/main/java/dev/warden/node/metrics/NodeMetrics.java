package dev.warden.node.metrics;

import dev.warden.audit.AuditLog;
import dev.warden.gateway.MqttGateway;
import dev.warden.monitor.MonitorLoop;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.Severity;
import dev.warden.telemetry.TelemetryCounters;
import dev.warden.telemetry.TelemetryRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's metrics registry: built once by the node, bound to the parts it reads ({@link #gateway},
 * {@link #monitor}, {@link #audit}, {@link #telemetry}), scraped by {@code GET /metrics}. Parts that come later
 * (the alarm book, the mitigator) plug their figures in through {@link #alarmsActive} and {@link #mitigations}.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Held here because Micrometer holds the objects behind function counters only weakly. */
    private final List<Object> sources = new CopyOnWriteArrayList<>();

    private final List<GatewayMeters> snapshots = new CopyOnWriteArrayList<>();

    public NodeMetrics() {
        // Two of Micrometer's processor meters break Prometheus's naming rules (promtool refuses them: an abbreviated
        // unit, and a gauge named like a histogram's count); process_cpu_usage and system_cpu_usage remain.
        registry.config()
                .meterFilter(MeterFilter.deny(id ->
                        id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The gateway's meters; {@code gateway} answers null until the gateway exists. */
    public NodeMetrics gateway(Supplier<MqttGateway> gateway) {
        GatewayMeters meters = new GatewayMeters(gateway);
        meters.bindTo(registry);
        snapshots.add(meters);
        return this;
    }

    /** The monitor's intake; none when {@code loop} is null (monitoring turned off), rather than meters that read NaN. */
    public NodeMetrics monitor(MonitorLoop loop) {
        if (loop == null) {
            return this;
        }
        MonitorMeters meters = new MonitorMeters(loop);
        meters.bindTo(registry);
        sources.add(meters);
        sources.add(loop);
        return this;
    }

    /**
     * The trail's event counts. Not its health: {@code /metrics} is an audited route, refused (503) while the trail
     * cannot record, so an outage shows as a failed scrape ({@code up == 0}), never as a sample.
     */
    public NodeMetrics audit(AuditLog log) {
        sources.add(log);
        FunctionCounter.builder("warden.audit.events.appended", log, AuditLog::appended)
                .description("Events appended to the trail")
                .register(registry);
        FunctionCounter.builder("warden.audit.events.dropped", log, AuditLog::dropped)
                .description("Data-plane events dropped because the trail's queue was full")
                .register(registry);
        return this;
    }

    public NodeMetrics telemetry(TelemetryRecorder recorder) {
        sources.add(recorder);
        telemetryCounter(
                recorder, "accepted", "Device messages handed to the telemetry writer", TelemetryCounters::accepted);
        telemetryCounter(recorder, "stored", "Device messages stored", TelemetryCounters::stored);
        telemetryCounter(
                recorder,
                "dropped",
                "Device messages dropped: the writer's queue was full",
                TelemetryCounters::dropped);
        telemetryCounter(
                recorder,
                "refused",
                "Device messages refused: the thing's data key was destroyed",
                TelemetryCounters::refused);
        telemetryCounter(recorder, "failed", "Device messages not stored: a storage error", TelemetryCounters::failed);
        return this;
    }

    private void telemetryCounter(
            TelemetryRecorder recorder, String outcome, String help, ToDoubleFunction<TelemetryCounters> value) {
        FunctionCounter.builder("warden.telemetry.messages", recorder, r -> value.applyAsDouble(r.counters()))
                .description(help)
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Hook for the alarm book: {@code warden_monitor_alarms_active{severity}}, read at each scrape from
     * {@code activeBySeverity} (which must answer at once, from memory).
     */
    public void alarmsActive(ToDoubleFunction<Severity> activeBySeverity) {
        sources.add(activeBySeverity);
        for (Severity severity : Severity.values()) {
            Gauge.builder("warden.monitor.alarms.active", activeBySeverity, f -> f.applyAsDouble(severity))
                    .description("Active alarms")
                    .tag("severity", severity.id())
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * Hook for the mitigator: {@code warden_monitor_mitigations_total{action}}, read at each scrape from
     * {@code totalByAction} (a count that only grows, answered from memory).
     */
    public void mitigations(ToDoubleFunction<MitigationAction> totalByAction) {
        sources.add(totalByAction);
        for (MitigationAction action : MitigationAction.values()) {
            FunctionCounter.builder("warden.monitor.mitigations", totalByAction, f -> f.applyAsDouble(action))
                    .description("Mitigation actions run, by hand or automatically")
                    .tag("action", action.id())
                    .register(registry);
        }
    }

    /**
     * Hook for incident response: {@code warden_incident_open{severity}} (open incidents), and the counts that only
     * grow, {@code warden_incident_opened_total}, {@code warden_incident_contained_total} and
     * {@code warden_incident_deadline_breaches_total}; read at each scrape from {@code counts}.
     */
    public void incidents(
            ToDoubleFunction<dev.warden.incident.core.Severity> openBySeverity,
            java.util.function.Supplier<dev.warden.incident.service.IncidentCounts> counts) {
        sources.add(openBySeverity);
        sources.add(counts);
        for (dev.warden.incident.core.Severity severity : dev.warden.incident.core.Severity.values()) {
            Gauge.builder("warden.incident.open", openBySeverity, f -> f.applyAsDouble(severity))
                    .description("Open incidents")
                    .tag("severity", severity.id())
                    .strongReference(true)
                    .register(registry);
        }
        FunctionCounter.builder("warden.incident.opened", counts, c -> c.get().opened())
                .description("Incidents opened, by hand, from alarms and findings, and by drills")
                .register(registry);
        FunctionCounter.builder(
                        "warden.incident.contained", counts, c -> c.get().contained())
                .description("Incidents whose containment was recorded")
                .register(registry);
        FunctionCounter.builder(
                        "warden.incident.deadline.breaches",
                        counts,
                        c -> c.get().breaches())
                .description("Incident clocks breached: a phase reached late, or not reached by its deadline")
                .register(registry);
    }

    /**
     * Hook for regions: {@code warden_region_iam_behind} (changes the control region wrote that this member has not
     * applied), {@code warden_region_iam_staleness_seconds} (how old the copy may be: zero while the link is up and
     * nothing waits), {@code warden_region_iam_connected} (1 while the control region answers) in a member region, and
     * {@code warden_region_audit_shipping_lag_seconds} (age of the oldest event not yet in the audit region).
     */
    public void regions(dev.warden.region.service.Regions regions) {
        sources.add(regions);
        Gauge.builder(
                        "warden.region.iam.behind",
                        regions,
                        r -> r.replication()
                                .map(s -> (double) Math.max(0, s.controlSeq() - s.appliedSeq()))
                                .orElse(0.0))
                .description("IAM changes of the control region not yet applied in this member region")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "warden.region.iam.staleness",
                        regions,
                        r -> r.replication()
                                .map(s -> s.staleness().toMillis() / 1000.0)
                                .orElse(0.0))
                .description("How old this member region's copy of IAM may be")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "warden.region.iam.connected",
                        regions,
                        r -> r.replication().map(s -> s.connected() ? 1.0 : 0.0).orElse(1.0))
                .description("1 while this member region reaches the control region's change log")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "warden.region.audit.shipping.lag",
                        regions,
                        r -> r.centralAudit()
                                .flatMap(c -> c.shipping())
                                .map(s -> s.lag().toMillis() / 1000.0)
                                .orElse(0.0))
                .description("Age of the oldest audit event of this region not yet kept by the audit region")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** Every meter, read now, in the Prometheus text exposition format 0.0.4. */
    public synchronized String scrape() {
        snapshots.forEach(GatewayMeters::refresh);
        return registry.scrape();
    }

    @Override
    public void close() {
        // The GC binder listens on the JVM's MXBeans: without this, every node started in one JVM would stay reachable.
        gc.close();
        registry.close();
    }
}
