package dev.warden.it;

import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import dev.warden.node.config.WardenConfig;
import dev.warden.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A real node on free loopback ports with its own data directory, plus a way to run the CLI against it. */
final class NodeHarness implements AutoCloseable {
    /**
     * The master key's Argon2id cost in these tests: OWASP's floor (the cost user passwords are hashed at) instead of
     * the node's default of 64 MiB and 3 passes, which costs about half a second of CPU at each of the suite's ~250
     * node starts. The KDF's own tests run the default; a test may still set {@code master-key-kdf} itself.
     */
    static final String TEST_KDF = "m=19456,t=2,p=1";

    final Path dataDir;
    final WardenNode node;
    final String db;

    /** What a CLI call printed: standard output as text and as the bytes it wrote, and standard error. */
    record CliResult(int exitCode, String out, String err, byte[] outBytes) {
        CliResult(int exitCode, String out, String err) {
            this(exitCode, out, err, out.getBytes(java.nio.charset.Charset.defaultCharset()));
        }
    }

    NodeHarness(Path dataDir, String db) {
        this(dataDir, db, Map.of());
    }

    NodeHarness(Path dataDir, String db, Map<ConfigKey, String> extra) {
        this(dataDir, db, extra, Clock.systemUTC());
    }

    NodeHarness(Path dataDir, String db, Map<ConfigKey, String> extra, Clock clock) {
        this.dataDir = dataDir;
        this.db = db;
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, dataDir.toString());
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(FreePorts.next()));
        flags.put(ConfigKey.MASTER_KEY_KDF, TEST_KDF);
        if (db != null) {
            flags.put(ConfigKey.DB, db);
        }
        flags.putAll(extra);
        WardenConfig config = ConfigLoader.load(flags, Map.of(), null);
        this.node = new WardenNode(config, clock).start();
    }

    /**
     * A node of region {@code name} with region links on (a free link port), its data in {@code dir/name}: one region
     * of a deployment that a test joins.
     */
    static NodeHarness region(Path dir, String name) {
        return region(dir, name, Map.of());
    }

    /** As {@link #region(Path, String)}, with {@code extra} configuration on top. */
    static NodeHarness region(Path dir, String name, Map<ConfigKey, String> extra) {
        Map<ConfigKey, String> config = new EnumMap<>(ConfigKey.class);
        config.put(ConfigKey.REGION, name);
        config.put(ConfigKey.REGION_LINKS, "on");
        config.put(ConfigKey.REGION_LINK_PORT, String.valueOf(FreePorts.next()));
        config.putAll(extra);
        return new NodeHarness(dir.resolve(name), null, config);
    }

    String publicUrl() {
        return "http://127.0.0.1:" + node.publicPort();
    }

    String adminUrl() {
        return "https://localhost:" + node.adminPort();
    }

    /** Runs {@code warden ARGS --data DIR} in-process. */
    CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(dataDir.toString());
        if (db != null) {
            all.add("--db");
            all.add(db);
        }
        return Cli.run(all);
    }

    @Override
    public void close() {
        node.close();
    }
}
