package dev.warden.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The monitoring bench's parameters: its own, and every {@link LoadOptions} option for the shared parts (fleet,
 * rounds, rates, client), with defaults of its own.
 *
 * @param load            the fleet, the overhead rounds and the load generator ({@link LoadOptions})
 * @param trials          trials of each attack
 * @param backgroundDevices fleet devices (the first ones) connected and publishing while the attacks run
 * @param backgroundRate  messages a second of each of them (QoS 1)
 * @param pollMillis      period of the alarm polls
 * @param overhead        whether to run the on / off rounds
 * @param latency         whether to run the attacks
 */
record MonitoringOptions(
        LoadOptions load,
        int trials,
        int backgroundDevices,
        double backgroundRate,
        long pollMillis,
        boolean overhead,
        boolean latency) {

    /**
     * Defaults for the shared options: a load that saturates the node (56,000 messages a second offered; the node
     * PUBACKs about 44,000) from devices that each stay under the built-in profile's message-flood threshold (more than
     * 150 in 10 s): at the Warden / Mosquitto runs' 80 a second every device is a flood, and the node with monitoring
     * on raised and cleared an alarm per device and round. Three rounds each. {@code --idle} is unused here
     * (LoadOptions wants it above the fleet).
     */
    static final List<String> LOAD_DEFAULTS = List.of(
            "--fleet", "4000",
            "--publishers", "4000",
            "--rate", "14",
            "--rounds", "3",
            "--warmup", "2",
            "--seconds", "5",
            "--warmup-round-seconds", "10",
            "--idle", "1000000",
            "--revocations", "0",
            "--reconnect", "0");

    MonitoringOptions {
        if (trials < 1 || backgroundRate <= 0 || backgroundRate >= 100 || pollMillis < 10) {
            throw new IllegalArgumentException("need --trials >= 1, 0 < --background-rate < 100 and --poll-ms >= 10");
        }
        if (!load.client().equals("netty")) {
            // Only the Netty client reports a negative PUBACK's reason code (PublishRefused).
            throw new IllegalArgumentException("the monitoring bench needs --client netty");
        }
    }

    static MonitoringOptions parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in --name value pairs");
        }
        int trials = 30;
        int backgroundDevices = 1000;
        double background = 1;
        long poll = 200;
        Set<String> phases = Set.of("overhead", "latency");
        List<String> shared = new ArrayList<>(LOAD_DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(value);
                case "--background-devices" -> backgroundDevices = Integer.parseInt(value);
                case "--background-rate" -> background = Double.parseDouble(value);
                case "--poll-ms" -> poll = Long.parseLong(value);
                case "--phases" -> phases = Set.copyOf(Arrays.asList(value.split(",")));
                default -> {
                    // Later pairs win in LoadOptions.parse: the caller's over the defaults.
                    shared.add(args[i]);
                    shared.add(value);
                }
            }
        }
        if (!Set.of("overhead", "latency").containsAll(phases)) {
            throw new IllegalArgumentException("--phases is overhead, latency or overhead,latency");
        }
        return new MonitoringOptions(
                LoadOptions.parse(shared.toArray(new String[0])),
                trials,
                backgroundDevices,
                background,
                poll,
                phases.contains("overhead"),
                phases.contains("latency"));
    }
}
