package dev.warden.demo;

import dev.warden.cli.WardenCommand;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the demo's region sections share: another region's node in this process, and the CLI against a data dir. */
final class DemoRegions {
    /** What a CLI call returned and printed. */
    record Result(int code, String out, String err) {}

    private DemoRegions() {}

    /** The settings of a node of {@code region} in {@code dir}, on free ports, with region links on. */
    static Map<ConfigKey, String> flags(Path dir, String region) {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dir.toString());
        flags.put(ConfigKey.REGION, region);
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.REGION_LINKS, "on");
        flags.put(ConfigKey.REGION_LINK_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.NODE, "demo");
        return flags;
    }

    /** Starts a node with {@code flags} (again, after a stop: same data, same ports). */
    static WardenNode start(Map<ConfigKey, String> flags) {
        return new WardenNode(ConfigLoader.load(flags, Map.of(), null), Clock.systemUTC()).start();
    }

    /** {@code warden ARGS --data DATA}, in this process. */
    static Result run(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(
                all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
