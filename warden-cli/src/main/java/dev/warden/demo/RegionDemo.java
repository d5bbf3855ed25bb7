package dev.warden.demo;

import dev.warden.cli.WardenCommand;
import dev.warden.node.WardenNode;
import dev.warden.node.config.ConfigKey;
import dev.warden.node.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's regions: a second region (us-east-1, a node in this process with its own data, CA, KMS and trail) joins
 * the demo node's deployment over a region link; an IAM change made in the control region is enforced in the member
 * from its own verified copy, and the member refuses an IAM change of its own.
 */
final class RegionDemo {
    private static final String MEMBER = "us-east-1";

    private final DemoConsole console;
    private final WardenNode control;
    private final Path dataDir;

    RegionDemo(DemoConsole console, WardenNode control, Path dataDir) {
        this.console = console;
        this.control = control;
        this.dataDir = dataDir;
    }

    /** False when the member did not join, did not apply the change, or accepted an IAM change of its own. */
    boolean show() throws Exception {
        Path memberDir = dataDir.resolve("regions").resolve(MEMBER);
        try (WardenNode member =
                new WardenNode(ConfigLoader.load(memberFlags(memberDir), Map.of(), null), Clock.systemUTC()).start()) {
            Result token = run(dataDir, "region", "token", MEMBER, "--ttl", "10m");
            Result joined =
                    run(memberDir, "region", "join", "--token", token.out().strip());
            if (token.code() != 0 || joined.code() != 0) {
                console.fail(MEMBER + " could not join: " + token.err() + joined.err());
                return false;
            }
            console.ok(MEMBER + " joined " + control.config().region() + "'s deployment over a mutual-TLS region link"
                    + " (a one-time token, the control region's root pinned)");

            Path password = Files.writeString(dataDir.resolve("region-demo-password"), "a password for the demo 42");
            long before = control.regions().iamLastSeq().orElse(0L);
            long started = System.nanoTime();
            run(dataDir, "user", "create", "region-auditor", "--password-file", password.toString());
            long deadline = started + 15_000_000_000L;
            while (control.regions().iamLastSeq().orElse(0L) <= before
                    || member.regions().replication().orElseThrow().appliedSeq()
                            < control.regions().iamLastSeq().orElse(0L)) {
                if (System.nanoTime() > deadline) {
                    console.fail("the IAM change did not reach " + MEMBER + " within 15 s");
                    return false;
                }
                Thread.sleep(5);
            }
            console.ok("IAM changed in " + control.config().region() + " (user region-auditor), enforced in " + MEMBER
                    + " " + (System.nanoTime() - started) / 1_000_000 + " ms later from its own signed, verified copy");

            Result refused = run(memberDir, "user", "create", "mallory", "--password-file", password.toString());
            if (refused.code() == 0 || !refused.err().contains("IAM_READ_ONLY_REGION")) {
                console.fail(MEMBER + " accepted an IAM change of its own");
                return false;
            }
            console.ok(MEMBER + " refuses an IAM change of its own: " + console.green("IAM_READ_ONLY_REGION")
                    + " (IAM is changed in the control region)");
            return true;
        }
    }

    private Map<ConfigKey, String> memberFlags(Path memberDir) throws IOException {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA, memberDir.toString());
        flags.put(ConfigKey.REGION, MEMBER);
        flags.put(ConfigKey.ADMIN_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.PUBLIC_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.MQTT_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.REGION_LINKS, "on");
        flags.put(ConfigKey.REGION_LINK_PORT, String.valueOf(freePort()));
        flags.put(ConfigKey.NODE, "demo");
        return flags;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path data, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WardenCommand.execute(
                all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
