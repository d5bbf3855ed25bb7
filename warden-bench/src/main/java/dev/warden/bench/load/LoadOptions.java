package dev.warden.bench.load;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The run's parameters, from {@code --name value} pairs.
 *
 * @param wardenJar       the node's runnable jar
 * @param fleetSize       devices that connect in each connection-rate round
 * @param publisherLevels numbers of publishing devices, one throughput measurement each (subsets of the fleet)
 * @param ratePerDevice   most publishes a second per device (Warden cuts a client above 100/s)
 * @param parallelism     connection attempts in flight at once
 * @param warmupSeconds   publishing before the measured window
 * @param measureSeconds  the measured window
 * @param rounds          A/B rounds (each broker measured this many times, alternating)
 * @param idleConnections idle connections at the end of the memory measurement (it starts at {@code fleetSize})
 * @param revocations     devices revoked one by one on Warden
 * @param wardenJvmOptions extra options for the node's JVM, split on spaces (e.g. a JFR recording to profile it)
 * @param client          the load generator's MQTT client: {@code netty} (lean, BoringSSL) or {@code hivemq} (the
 *                        device SDK's client, JDK TLS)
 * @param reconnect       devices connected when each broker is restarted, timed until all are back; 0 skips it
 * @param reconnectJitterMillis most a device waits after losing its connection before its first retry
 * @param wardenArgs      extra options of {@code warden server}, split on spaces (e.g. {@code --telemetry-store off})
 * @param warmupRoundSeconds publishing in each broker's discarded warm-up round
 */
record LoadOptions(
        Path wardenJar,
        int fleetSize,
        List<Integer> publisherLevels,
        double ratePerDevice,
        int parallelism,
        int warmupSeconds,
        int measureSeconds,
        int rounds,
        int idleConnections,
        int revocations,
        List<String> wardenJvmOptions,
        String client,
        int reconnect,
        int reconnectJitterMillis,
        List<String> wardenArgs,
        int warmupRoundSeconds) {

    LoadOptions {
        publisherLevels = List.copyOf(publisherLevels);
        wardenJvmOptions = List.copyOf(wardenJvmOptions);
        wardenArgs = List.copyOf(wardenArgs);
        if (!List.of("netty", "hivemq").contains(client)) {
            throw new IllegalArgumentException("--client is netty or hivemq, not " + client);
        }
        if (publisherLevels.stream().anyMatch(p -> p < 1 || p > fleetSize)
                || ratePerDevice <= 0
                || ratePerDevice >= 100
                || idleConnections <= fleetSize
                || reconnect < 0
                || reconnectJitterMillis < 0) {
            throw new IllegalArgumentException("need 1 <= publishers <= fleet < idle connections and 0 < rate < 100"
                    + " (Warden's per-client publish limit)");
        }
    }

    /**
     * The same fleet and the largest load for {@code warmupRoundSeconds}: long enough for the node's JIT compiler to
     * finish with the hot paths (in a 4-second warm-up, C2 compilation still took a quarter of the node's CPU in the
     * first measured round), as on a node that has been running for a while.
     */
    LoadOptions forWarmUp() {
        return new LoadOptions(
                wardenJar,
                fleetSize,
                List.of(publisherLevels.get(publisherLevels.size() - 1)),
                ratePerDevice,
                parallelism,
                1,
                warmupRoundSeconds,
                1,
                idleConnections,
                revocations,
                wardenJvmOptions,
                client,
                reconnect,
                reconnectJitterMillis,
                wardenArgs,
                warmupRoundSeconds);
    }

    static LoadOptions parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in --name value pairs");
        }
        Path jar = Path.of("warden-cli/target/warden.jar");
        int fleet = 1000;
        List<Integer> publishers = List.of(200, 1000);
        double rate = 80;
        int parallelism = 32;
        int warmup = 3;
        int measure = 8;
        int rounds = 2;
        int idle = 2500;
        int revocations = 100;
        List<String> jvmOptions = List.of();
        String client = "netty";
        int reconnect = 10_000;
        int reconnectJitter = 1_000;
        List<String> nodeArgs = List.of();
        int warmupRound = 15;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--warden-jar" -> jar = Path.of(value);
                case "--fleet" -> fleet = Integer.parseInt(value);
                case "--publishers" ->
                    publishers = Arrays.stream(value.split(","))
                            .map(Integer::valueOf)
                            .toList();
                case "--rate" -> rate = Double.parseDouble(value);
                case "--parallelism" -> parallelism = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--seconds" -> measure = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--idle" -> idle = Integer.parseInt(value);
                case "--revocations" -> revocations = Integer.parseInt(value);
                case "--warden-jvm-options" -> jvmOptions = words(value);
                case "--warden-args" -> nodeArgs = words(value);
                case "--warmup-round-seconds" -> warmupRound = Integer.parseInt(value);
                case "--client" -> client = value;
                case "--reconnect" -> reconnect = Integer.parseInt(value);
                case "--reconnect-jitter-ms" -> reconnectJitter = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new LoadOptions(
                jar,
                fleet,
                publishers,
                rate,
                parallelism,
                warmup,
                measure,
                rounds,
                idle,
                revocations,
                jvmOptions,
                client,
                reconnect,
                reconnectJitter,
                nodeArgs,
                warmupRound);
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split(" +")).filter(o -> !o.isEmpty()).toList();
    }
}
