package dev.warden.device.metrics;

import dev.warden.device.DeviceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Device-side metrics for a simulated fleet ({@code warden device simulate --report-metrics S [--misbehave KIND]}):
 * every simulated device reports every {@code every} (the first time within two seconds, at a random moment) the
 * real metrics of the host they all share, plus a custom metric {@value #LOAD_METRIC} around 10-15; the first
 * {@code misbehaving} devices add {@code misbehaviour}. Counts the node's replies over the whole fleet.
 */
public final class MetricsSimulation {
    /** The custom metric every simulated device reports. */
    public static final String LOAD_METRIC = "sim-load";

    private final Duration every;
    private final Misbehaviour misbehaviour;
    private final int misbehaving;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** @param misbehaviour null for a well-behaved fleet */
    public MetricsSimulation(Duration every, Misbehaviour misbehaviour, int misbehaving) {
        this.every = Objects.requireNonNull(every, "every");
        if (every.toMillis() < 1_000) {
            throw new IllegalArgumentException("report at most once a second");
        }
        if (misbehaving < 0) {
            throw new IllegalArgumentException("misbehaving must be >= 0");
        }
        this.misbehaviour = misbehaviour;
        this.misbehaving = misbehaviour == null ? 0 : misbehaving;
    }

    /** Starts a reporter on each client; closing the result stops them all (the clients stay open). */
    public AutoCloseable start(List<DeviceClient> clients) {
        ScheduledExecutorService shared = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "fleet-metrics");
            t.setDaemon(true);
            return t;
        });
        // The fleet shares one host: read /proc once a second at most, not once per device.
        MetricsCollector host = cached(MetricsCollector.linux(), 1_000);
        List<DeviceMetricsReporter> reporters = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            boolean odd = i < misbehaving;
            MetricsCollector collector = odd ? () -> misbehaviour.apply(host.collect()) : host;
            double base = 10 + ThreadLocalRandom.current().nextDouble(5);
            double load = odd && misbehaviour == Misbehaviour.CUSTOM_SPIKE ? base * 100 : base;
            long firstMillis = ThreadLocalRandom.current().nextLong(Math.min(every.toMillis(), 2_000));
            try {
                reporters.add(DeviceMetricsReporter.builder(clients.get(i))
                        .collector(collector)
                        .customMetric(LOAD_METRIC, () -> load)
                        .every(every)
                        .firstReportAfter(Duration.ofMillis(firstMillis))
                        .executor(shared)
                        .onReply(r -> (r.accepted() ? accepted : rejected).incrementAndGet())
                        .start());
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }
        return () -> {
            reporters.forEach(r -> {
                failed.addAndGet(r.failed());
                r.close();
            });
            shared.shutdownNow();
        };
    }

    static MetricsCollector cached(MetricsCollector source, long maxAgeMillis) {
        return new MetricsCollector() {
            private HostMetrics last;
            private long takenAt;

            @Override
            public synchronized HostMetrics collect() {
                long now = System.nanoTime() / 1_000_000;
                if (last == null || now - takenAt >= maxAgeMillis) {
                    last = source.collect();
                    takenAt = now;
                }
                return last;
            }
        };
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Reports without a reply in time, or not published (counted when the run ends). */
    public long failed() {
        return failed.get();
    }

    /** One line for a CLI. */
    public String summary() {
        return "metrics reports: accepted " + accepted() + ", rejected " + rejected() + ", failed " + failed()
                + (misbehaviour == null ? "" : "; " + misbehaving + " device(s) misbehaving: " + misbehaviour.id());
    }
}
