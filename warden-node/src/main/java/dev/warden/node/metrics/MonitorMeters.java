package dev.warden.node.metrics;

import dev.warden.monitor.MonitorLoop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The security monitor's intake: observations taken and refused (its queue was full: the engine saw less than the
 * gateway did, and alarms may come late or not at all), datapoints taken, and targets held. All read from counters
 * the loop publishes, never by asking its thread.
 */
final class MonitorMeters implements MeterBinder {
    private final MonitorLoop loop;

    MonitorMeters(MonitorLoop loop) {
        this.loop = loop;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(
                registry,
                "warden.monitor.observations",
                "Observations the detection engine took",
                MonitorLoop::observed);
        counter(
                registry,
                "warden.monitor.observations.dropped",
                "Observations refused because the monitor's queue was full",
                MonitorLoop::dropped);
        counter(
                registry,
                "warden.monitor.datapoints",
                "Datapoints taken (one evaluation of every behaviour of every target)",
                MonitorLoop::datapoints);
        Gauge.builder("warden.monitor.targets", loop, MonitorLoop::targets)
                .description("Things, addresses, users and principals the engine held state for at the last datapoint")
                .strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<MonitorLoop> value) {
        FunctionCounter.builder(name, loop, value).description(help).register(registry);
    }
}
