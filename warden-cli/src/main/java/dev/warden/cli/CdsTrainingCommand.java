package dev.warden.cli;

import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code warden cds-training} (hidden): the training run of the {@code ./warden} launcher's class-data-sharing
 * archive. Run under {@code -XX:ArchiveClassesAtExit}, it loads what a node start and the common CLI commands load:
 * it starts a node on a temporary data directory with ephemeral ports, runs an admin command, an offline command and
 * the usage help against it in this JVM, stops the node and deletes the directory. Exit code 0 when all of it worked.
 */
@Command(name = "cds-training", hidden = true, description = "Training run for the launcher's class-data archive.")
final class CdsTrainingCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("warden-cds-training-");
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
        int failures = 0;
        try {
            // The node's settings as `warden server` would read them from flags (none from the caller's environment).
            Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
            flags.put(ConfigKey.DATA, dir.toString());
            flags.put(ConfigKey.ADMIN_PORT, "0");
            flags.put(ConfigKey.PUBLIC_PORT, "0");
            flags.put(ConfigKey.MQTT_PORT, "0");
            flags.put(ConfigKey.BIND, "127.0.0.1");
            WardenConfig config = ConfigLoader.load(flags, Map.of(), null);
            Path policy = dir.resolve("policy.json");
            Files.writeString(
                    policy,
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"iot:Connect\"],\"Resource\":\"arn:warden:iot:eu-west-1:default:client/"
                            + "${iot:Connection.Thing.ThingName}\"}]}");
            try (WardenNode node = new WardenNode(config, Clock.systemUTC()).start()) {
                String data = dir.toString();
                for (List<String> args : List.of(
                        List.of("--version"),
                        List.of("--help"),
                        List.of("device", "list", "--data", data),
                        List.of("device", "list", "--json", "--data", data),
                        List.of("policy", "list", "--data", data),
                        List.of("cert", "list", "--data", data),
                        List.of("whoami", "--data", data),
                        List.of("policy", "validate", policy.toString()),
                        List.of("device", "show", "no-such-thing", "--data", data))) {
                    int code = WardenCommand.execute(args.toArray(String[]::new), sink, sink);
                    if (code != 0 && !args.contains("no-such-thing")) {
                        System.err.println("cds-training: `warden " + String.join(" ", args) + "` exited " + code);
                        failures++;
                    }
                }
            }
            // Offline after the node stopped, as an operator would run it.
            int code = WardenCommand.execute(
                    new String[] {"audit", "verify", "--allow-unsigned-tail", "--data", dir.toString()}, sink, sink);
            if (code != 0) {
                System.err.println("cds-training: `warden audit verify` exited " + code);
            }
        } finally {
            deleteTree(dir);
        }
        return failures == 0 ? 0 : 1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
