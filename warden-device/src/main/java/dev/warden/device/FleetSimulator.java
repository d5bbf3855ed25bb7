package dev.warden.device;

import dev.warden.device.metrics.MetricsSimulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet of simulated devices against a gateway: each device has its own credentials and its own
 * {@link DeviceClient} connection and publishes telemetry at a fixed rate, with a random phase so the fleet does not
 * publish in lock step. Credentials come from a {@link CredentialSource}: a ready list, or a function that
 * provisions each device (e.g. with a {@link Provisioner}), so a CLI can offer
 * {@code warden device simulate --count N --rate R --duration D} without this module knowing the server.
 *
 * <pre>{@code
 * SimulationReport report = FleetSimulator.against(DeviceClientConfig.of("gateway", 8883))
 *         .run(SimulationPlan.of(100, 10, Duration.ofSeconds(30)), index -> provision("sim-" + index));
 * System.out.println(report.summary());
 * }</pre>
 */
public final class FleetSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final DeviceClientConfig clientConfig;
    private final int setupParallelism;
    private final Duration drainTimeout;
    private final MetricsSimulation metrics;

    private FleetSimulator(
            DeviceClientConfig clientConfig, int setupParallelism, Duration drainTimeout, MetricsSimulation metrics) {
        this.clientConfig = clientConfig;
        this.setupParallelism = setupParallelism;
        this.drainTimeout = drainTimeout;
        this.metrics = metrics;
    }

    /** A simulator connecting with {@code clientConfig}; 8 devices set up at a time, 10 s to drain at the end. */
    public static FleetSimulator against(DeviceClientConfig clientConfig) {
        return new FleetSimulator(
                Objects.requireNonNull(clientConfig, "clientConfig"), 8, Duration.ofSeconds(10), null);
    }

    /** How many devices are provisioned and connected concurrently (TLS handshakes cost CPU on both sides). */
    public FleetSimulator withSetupParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        return new FleetSimulator(clientConfig, parallelism, drainTimeout, metrics);
    }

    /** How long to wait after the last scheduled publish for outstanding acknowledgements. */
    public FleetSimulator withDrainTimeout(Duration timeout) {
        return new FleetSimulator(clientConfig, setupParallelism, Objects.requireNonNull(timeout, "timeout"), metrics);
    }

    /** Each connected device also reports device-side metrics while it publishes (its counters are in {@code m}). */
    public FleetSimulator withMetrics(MetricsSimulation m) {
        return new FleetSimulator(clientConfig, setupParallelism, drainTimeout, Objects.requireNonNull(m, "metrics"));
    }

    /** Sets up the fleet, publishes according to {@code plan}, closes every connection and reports. */
    public SimulationReport run(SimulationPlan plan, CredentialSource credentials) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(credentials, "credentials");
        ExecutorService setup =
                Executors.newFixedThreadPool(Math.min(plan.devices(), setupParallelism), daemon("fleet-setup"));
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, daemon("fleet-tick"));
        Map<DeviceErrorReason, Integer> connectFailures = new EnumMap<>(DeviceErrorReason.class);
        List<DeviceClient> clients = connectAll(plan, credentials, setup, connectFailures);
        AutoCloseable reporting = metrics == null ? () -> {} : metrics.start(clients);
        try {
            Run run = new Run(plan, clients.size());
            long started = System.nanoTime();
            run.schedule(clients, ticker);
            boolean drained = run.awaitCompletion(plan.duration().plus(drainTimeout));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            ticker.shutdownNow();
            long attempted = run.attempted.get();
            long published = run.published.get();
            // Anything neither acknowledged nor failed by now is counted as failed.
            long failed = drained ? run.failed.get() : attempted - published;
            long reconnects =
                    clients.stream().mapToLong(DeviceClient::reconnects).sum();
            return new SimulationReport(
                    plan.devices(),
                    clients.size(),
                    attempted,
                    published,
                    failed,
                    reconnects,
                    run.latencies.percentile(0.50),
                    run.latencies.percentile(0.99),
                    elapsed,
                    connectFailures);
        } finally {
            ticker.shutdownNow();
            closeQuietly(reporting);
            closeAll(clients, setup);
            setup.shutdownNow();
        }
    }

    private List<DeviceClient> connectAll(
            SimulationPlan plan,
            CredentialSource credentials,
            ExecutorService setup,
            Map<DeviceErrorReason, Integer> failures) {
        List<CompletableFuture<DeviceClient>> connecting = new ArrayList<>();
        for (int i = 0; i < plan.devices(); i++) {
            int index = i;
            connecting.add(CompletableFuture.supplyAsync(
                    () -> DeviceClient.connect(credentials.credentialsFor(index), clientConfig), setup));
        }
        List<DeviceClient> clients = new ArrayList<>();
        for (CompletableFuture<DeviceClient> future : connecting) {
            try {
                clients.add(future.join());
            } catch (RuntimeException e) {
                Throwable cause = MqttFailures.unwrap(e);
                DeviceErrorReason reason =
                        cause instanceof DeviceException device ? device.reason() : DeviceErrorReason.CONNECTION_FAILED;
                synchronized (failures) {
                    if (failures.isEmpty()) {
                        LOG.warn("A simulated device could not connect: {}", cause.getMessage());
                    }
                    failures.merge(reason, 1, Integer::sum);
                }
            }
        }
        return clients;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Stopping the metrics reporters failed: {}", e.toString());
        }
    }

    private static void closeAll(List<DeviceClient> clients, ExecutorService pool) {
        CompletableFuture<?>[] closing = clients.stream()
                .map(client -> CompletableFuture.runAsync(client::close, pool))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Not every simulated device closed cleanly: {}", e.toString());
        }
    }

    /** The counters and schedule of one run. */
    private static final class Run {
        final SimulationPlan plan;
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong published = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final LatencyHistogram latencies = new LatencyHistogram();
        final CountDownLatch completions;

        Run(SimulationPlan plan, int devices) {
            this.plan = plan;
            this.completions =
                    new CountDownLatch((int) Math.min(Integer.MAX_VALUE, devices * plan.messagesPerDevice()));
        }

        void schedule(List<DeviceClient> clients, ScheduledExecutorService ticker) {
            long period = Math.max(1, (long) (1e9 / plan.messagesPerSecond()));
            for (DeviceClient client : clients) {
                AtomicLong sequence = new AtomicLong();
                long phase = ThreadLocalRandom.current().nextLong(period);
                ticker.scheduleAtFixedRate(() -> tick(client, sequence), phase, period, TimeUnit.NANOSECONDS);
            }
        }

        private void tick(DeviceClient client, AtomicLong sequence) {
            long seq = sequence.getAndIncrement();
            if (seq >= plan.messagesPerDevice()) {
                return;
            }
            attempted.incrementAndGet();
            long start = System.nanoTime();
            client.publishTelemetry(payload(client.thingName(), seq), plan.qos())
                    .whenComplete((ok, failure) -> {
                        if (failure == null) {
                            published.incrementAndGet();
                            if (plan.qos() == Qos.AT_LEAST_ONCE) {
                                latencies.record(Duration.ofNanos(System.nanoTime() - start));
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                        completions.countDown();
                    });
        }

        boolean awaitCompletion(Duration timeout) {
            try {
                return completions.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private byte[] payload(String thing, long seq) {
            byte[] payload = new byte[plan.payloadBytes()];
            Arrays.fill(payload, (byte) ' ');
            byte[] header = ("{\"seq\":" + seq + ",\"thing\":\"" + thing + "\"}").getBytes(StandardCharsets.UTF_8);
            System.arraycopy(header, 0, payload, 0, Math.min(header.length, payload.length));
            return payload;
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Where each simulated device's credentials come from. */
    @FunctionalInterface
    public interface CredentialSource {
        /**
         * The credentials of device {@code index} (0-based); may provision on the spot. Called from several threads
         * at once. A {@link DeviceException} counts the device as not connected.
         */
        DeviceCredentials credentialsFor(int index);

        /** Device {@code i} uses {@code credentials.get(i)}; the list must hold at least as many as the plan. */
        static CredentialSource of(List<DeviceCredentials> credentials) {
            List<DeviceCredentials> copy = List.copyOf(credentials);
            return index -> {
                if (index >= copy.size()) {
                    throw new DeviceException(
                            DeviceErrorReason.CREDENTIALS_INVALID,
                            "no credentials for device " + index + " (the list holds " + copy.size() + ")");
                }
                return copy.get(index);
            };
        }
    }
}
