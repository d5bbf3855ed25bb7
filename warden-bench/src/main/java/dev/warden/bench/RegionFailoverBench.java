package dev.warden.bench;

import dev.warden.device.Backoff;
import dev.warden.device.DeviceClient;
import dev.warden.device.DeviceClientConfig;
import dev.warden.device.DeviceCredentials;
import dev.warden.device.ServerReference;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.registry.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Failover time (issue 24's goal: 1,000 devices connected to the standby within 60 s of the failover being declared;
 * Azure IoT Hub: 10 minutes to 2 hours). Two nodes in this JVM: eu-west-1 (control) and its standby eu-central-1, one
 * jurisdiction. N devices enrolled in eu-west-1 connect there with the SDK, eu-central-1 as their alternate gateway and
 * a reconnect backoff of 0.5 s doubling to at most {@code MAX_BACKOFF_S}. eu-west-1 is stopped; after
 * {@code OUTAGE_S} (an operator deciding, while the devices' backoff grows to its maximum) the failover is declared in
 * eu-central-1, and each device's reconnection there timed from the declaration.
 *
 * <p>Usage: {@code java -cp warden-bench.jar dev.warden.bench.RegionFailoverBench [DEVICES] [MAX_BACKOFF_S]
 * [OUTAGE_S]}
 */
public final class RegionFailoverBench {
    /**
     * Every simulated device connects from 127.0.0.1: the gateways' per-address limits (20 new connections a second,
     * 100 open) are raised so that they measure failover, not the connection firewall a real fleet spread over many
     * addresses would not meet.
     */
    private static final Map<ConfigKey, String> ONE_ADDRESS_FLEET = Map.of(
            ConfigKey.MQTT_CONNECTION_RATE, "5000",
            ConfigKey.MQTT_CONNECTION_BURST, "5000",
            ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP, "10000");

    private RegionFailoverBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Duration maxBackoff = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        Duration outage = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 30);
        Path dir = Files.createTempDirectory("warden-failover-bench");
        WardenNode eu = RegionBenchNodes.node(dir, "eu-west-1", ONE_ADDRESS_FLEET);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<DeviceClient> clients = new ArrayList<>();
        try (WardenNode central = RegionBenchNodes.node(dir, "eu-central-1", ONE_ADDRESS_FLEET)) {
            central.regions()
                    .join(eu.regions().createJoinToken("eu-central-1", Duration.ofMinutes(5)), Optional.empty());
            RegionBenchNodes.cli(
                    dir.resolve("eu-west-1"),
                    "region",
                    "jurisdiction",
                    "set",
                    "eu",
                    "--regions",
                    "eu-west-1,eu-central-1");
            long enrolling = System.nanoTime();
            List<DeviceCredentials> fleet = enroll(eu, devices, pool);
            System.out.printf("enrolled %d devices in %d ms%n", devices, millisSince(enrolling));
            RegionBenchNodes.cli(dir.resolve("eu-west-1"), "region", "standby", "eu-west-1", "--to", "eu-central-1");
            var failover = central.regions().failover().orElseThrow();
            await(() -> replicaDevices(failover) == devices, Duration.ofMinutes(2), "the standby's replica");

            connectAll(fleet, deviceConfig(dir, eu, central, maxBackoff), pool, clients);
            System.out.printf("%d devices connected to eu-west-1%n", clients.size());

            long stopped = System.nanoTime();
            eu.close();
            await(() -> clients.stream().noneMatch(DeviceClient::isConnected), Duration.ofMinutes(1), "disconnects");
            System.out.printf("eu-west-1 stopped; every device noticed within %d ms%n", millisSince(stopped));
            Thread.sleep(Math.max(0, outage.toMillis() - millisSince(stopped)));

            long declared = System.nanoTime();
            failover.declare("eu-west-1", "bench");
            List<Long> times = reconnectTimes(clients, declared);
            int served = times.size();
            System.out.printf(
                    "failover of %d devices, backoff 0.5 s to %d s, declared %d s after eu-west-1 stopped: %d connected"
                            + " to eu-central-1 (its gateway counts %d), all within %d ms of the declaration%n",
                    devices,
                    maxBackoff.toSeconds(),
                    outage.toSeconds(),
                    served,
                    central.gateway().sessions().guestCount("eu-west-1"),
                    times.stream().mapToLong(Long::longValue).max().orElse(-1));
            RegionBenchNodes.print("reconnected", times);
        } finally {
            clients.forEach(DeviceClient::close);
            pool.shutdownNow();
            eu.close();
        }
    }

    /** The devices' settings: eu-west-1 their home, eu-central-1 their alternate, both regions' roots trusted. */
    private static DeviceClientConfig deviceConfig(Path dir, WardenNode eu, WardenNode central, Duration maxBackoff)
            throws Exception {
        return DeviceClientConfig.of("localhost", eu.mqttPort())
                .withDeploymentRoots(List.of(root(dir, "eu-west-1"), root(dir, "eu-central-1")))
                .withAlternates(List.of(new ServerReference("localhost", central.mqttPort())))
                .withBackoff(new Backoff(Duration.ofMillis(500), maxBackoff, 0));
    }

    private static void connectAll(
            List<DeviceCredentials> fleet,
            DeviceClientConfig config,
            ExecutorService pool,
            List<DeviceClient> clients) {
        List<CompletableFuture<DeviceClient>> connecting = new ArrayList<>();
        for (DeviceCredentials c : fleet) {
            connecting.add(CompletableFuture.supplyAsync(() -> DeviceClient.connect(c, config, null), pool));
        }
        connecting.forEach(f -> clients.add(f.join()));
    }

    /**
     * Polls the clients until all are connected again (at most 3 minutes): each one's reconnection time in ms after
     * the failover was declared, for those that reconnected.
     */
    private static List<Long> reconnectTimes(List<DeviceClient> clients, long declared) throws InterruptedException {
        long[] reconnectedAt = new long[clients.size()];
        int served = 0;
        while (served < clients.size() && millisSince(declared) < 180_000) {
            for (int i = 0; i < clients.size(); i++) {
                if (reconnectedAt[i] == 0 && clients.get(i).isConnected()) {
                    reconnectedAt[i] = System.nanoTime();
                    served++;
                }
            }
            Thread.sleep(5);
        }
        List<Long> times = new ArrayList<>();
        for (long at : reconnectedAt) {
            if (at != 0) {
                times.add((at - declared) / 1_000_000);
            }
        }
        return times;
    }

    private static List<DeviceCredentials> enroll(WardenNode node, int devices, ExecutorService pool) {
        List<CompletableFuture<DeviceCredentials>> enrolling = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String name = String.format("fo-%05d", i);
            enrolling.add(CompletableFuture.supplyAsync(
                    () -> {
                        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
                        IssuedCertificate issued = node.certificates()
                                .enroll(name, CsrBuilder.buildCsrDer(key, name), null, Map.of(), null);
                        return new DeviceCredentials(
                                name, key.getPrivate(), issued.certificate(), Pem.parseCertificates(issued.chainPem()));
                    },
                    pool));
        }
        return enrolling.stream().map(CompletableFuture::join).toList();
    }

    private static int replicaDevices(dev.warden.region.failover.Failover failover) {
        return failover.status().stream()
                .mapToInt(s -> ((Number) s.get("replicaDevices")).intValue())
                .findFirst()
                .orElse(0);
    }

    private static X509Certificate root(Path dir, String region) throws Exception {
        return Pem.parseCertificates(Files.readString(dir.resolve(region).resolve("pki/root.crt")))
                .get(0);
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration within, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + within);
            }
            Thread.sleep(20);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
