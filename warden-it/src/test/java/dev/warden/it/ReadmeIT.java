package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.cli.CliReference;
import dev.warden.testkit.FreePorts;
import dev.warden.testkit.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README is a walkthrough that runs: every {@code ```bash} block of README.md, in order, in ONE bash session
 * ({@code set -euo pipefail}; exports, variables and {@code cd} carry over), in a fresh directory laid out like a
 * clone's root ({@code ./warden} runs the repository's launcher, {@code ./warden.yaml} is the repository's), against
 * the node the README itself starts there. {@code ```console} and {@code ```text} blocks are illustrative and not run.
 * The node's ports are free ones, given as the {@code WARDEN_*_PORT} variables the README's first block reads. A
 * failing command fails the test with the README line of its block, the block and what it printed. The directory
 * (with {@code walkthrough.log} and the node's {@code server.log}) is kept in {@code warden-it/target/readme-it}.
 *
 * <p>Also: the README's "Reference" part is what the CLI's help says now ({@link CliReference}); regenerate it with
 * {@code -Dreadme.regenerate=true} (the command is in the README).
 */
@Tag("openssl")
@Tag("mosquitto")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeIT {
    private static final Path ROOT = repositoryRoot();
    private static final Path README = ROOT.resolve("README.md");
    private static final int TIMEOUT_MINUTES = 15;

    @Test
    @Order(1)
    void referenceMatchesTheCliHelp() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(CliReference.BEGIN);
        int end = readme.indexOf(CliReference.END);
        assertThat(begin)
                .as("README.md has no generated reference part (" + CliReference.BEGIN + ")")
                .isNotNegative();
        assertThat(end).as("README.md's reference part has no end marker").isGreaterThan(begin);
        String current = readme.substring(begin, end + CliReference.END.length());
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("readme.regenerate")) {
            if (!current.equals(generated)) {
                Files.writeString(
                        README,
                        readme.substring(0, begin) + generated + readme.substring(end + CliReference.END.length()));
            }
            return;
        }
        assertThat(current)
                .as("README.md's reference part differs from the CLI's help: regenerate it with\n  "
                        + "mvn -B -q -o verify -pl warden-it -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dit.test='ReadmeIT#reference*' -Dreadme.regenerate=true\n")
                .isEqualTo(generated);
    }

    @Test
    @Order(2)
    void theWalkthroughRuns() throws Exception {
        for (String tool : List.of("bash", "openssl", "curl", "jq", "mosquitto_pub", "mosquitto_sub", "mosquitto_rr")) {
            requireTool(tool);
        }
        Path jar = ROOT.resolve("warden-cli/target/warden.jar");
        assertThat(jar)
                .as("the runnable jar (mvn -B -q -o -DskipTests package -pl warden-cli -am)")
                .exists();

        List<Block> blocks = blocks(Files.readAllLines(README));
        assertThat(blocks).as("README.md's ```bash blocks").isNotEmpty();

        Path dir = ROOT.resolve("warden-it/target/readme-it");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path launcher = dir.resolve("warden");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + ROOT.resolve("warden") + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(ROOT.resolve("warden.yaml"), dir.resolve("warden.yaml"));

        // The script, and for each of its lines the README line it came from (0: a line of the harness).
        List<String> script = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        add(script, origin, 0, "set -euo pipefail");
        // The node and anything else the README starts in the background end with the session, however it ends.
        add(script, origin, 0, "trap 'kill $(jobs -p) 2>/dev/null || true; wait || true' EXIT");
        add(script, origin, 0, "trap 'echo \"@@ FAILED (exit $?) at script line $LINENO: $BASH_COMMAND\"' ERR");
        for (Block block : blocks) {
            add(script, origin, 0, "echo \"@@ block " + block.firstLine + " at $SECONDS s\"");
            for (int i = 0; i < block.lines.size(); i++) {
                add(script, origin, block.firstLine + i, block.lines.get(i));
            }
        }
        add(script, origin, 0, "echo '@@ walkthrough complete'");
        Path scriptFile = dir.resolve("walkthrough.sh");
        Files.write(scriptFile, script);

        Path log = dir.resolve("walkthrough.log");
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("WARDEN_")); // no credential, server or data of the caller's
        // The class-data archive as a newcomer gets it: trained by the first command (about 30 s), it makes each of the
        // walkthrough's hundred-odd later commands start in about a quarter of the time.
        env.put("WARDEN_ADMIN_PORT", Integer.toString(FreePorts.next()));
        env.put("WARDEN_PUBLIC_PORT", Integer.toString(FreePorts.next()));
        env.put("WARDEN_MQTT_PORT", Integer.toString(FreePorts.next()));

        long started = System.nanoTime();
        Process bash = builder.start();
        boolean finished = bash.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            bash.descendants().forEach(ProcessHandle::destroy);
            bash.destroy();
            bash.waitFor(30, TimeUnit.SECONDS);
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        stopOrphans(dir);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("ReadmeIT: %d blocks of README.md ran in %d s (log: %s)%n", blocks.size(), seconds, log);

        if (!finished || bash.exitValue() != 0 || !output.contains("@@ walkthrough complete")) {
            throw new AssertionError(failure(
                    blocks,
                    origin,
                    output,
                    finished ? "exit code " + bash.exitValue() : "timed out after " + TIMEOUT_MINUTES + " minutes"));
        }
    }

    /**
     * Stops what the walkthrough started that outlived its shell: the nodes of {@code warden cluster up} run on their
     * own (a cluster is meant to outlive the command), so a walkthrough that failed before {@code cluster down} would
     * leave them running. They are found by their data directory, under the walkthrough's.
     */
    private static void stopOrphans(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().stream()
                        .flatMap(java.util.Arrays::stream)
                        .anyMatch(a -> a.startsWith(prefix)))
                .toList();
        orphans.forEach(ProcessHandle::destroy);
        for (ProcessHandle orphan : orphans) {
            try {
                orphan.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                orphan.destroyForcibly();
            }
        }
    }

    /** A {@code ```bash} block: its lines and the README line of the first one. */
    record Block(int firstLine, List<String> lines) {}

    static List<Block> blocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        List<String> current = null;
        int first = 0;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (current == null && line.strip().equals("```bash")) {
                current = new ArrayList<>();
                first = i + 2;
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(new Block(first, List.copyOf(current)));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        assertThat(current)
                .as("a ```bash block of README.md that is never closed (line " + (first - 1) + ")")
                .isNull();
        return blocks;
    }

    private static void add(List<String> script, List<Integer> origin, int readmeLine, String line) {
        script.add(line);
        origin.add(readmeLine);
    }

    /** Names the failing README block and line, shows the block and what it printed. */
    private static String failure(List<Block> blocks, List<Integer> origin, String output, String how) {
        String[] lines = output.split("\n", -1);
        int blockLine = 0;
        int blockOutputStart = 0;
        Integer failedLine = null;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("@@ block ")) {
                blockLine = Integer.parseInt(
                        lines[i].substring("@@ block ".length()).split(" ")[0]);
                blockOutputStart = i + 1;
            } else if (lines[i].startsWith("@@ FAILED")) {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("script line (\\d+)").matcher(lines[i]);
                if (m.find()) {
                    int scriptLine = Integer.parseInt(m.group(1));
                    failedLine = scriptLine >= 1 && scriptLine <= origin.size() ? origin.get(scriptLine - 1) : null;
                }
            }
        }
        StringBuilder message = new StringBuilder("README.md walkthrough failed (" + how
                + ") in the ```bash block at line " + blockLine
                + (failedLine != null && failedLine > 0 ? ", command at README.md line " + failedLine : "") + ":\n");
        final int at = blockLine;
        blocks.stream()
                .filter(b -> b.firstLine == at)
                .findFirst()
                .ifPresent(b ->
                        b.lines.forEach(l -> message.append("    ").append(l).append('\n')));
        message.append("its output:\n");
        int from = Math.max(blockOutputStart, lines.length - 120);
        for (int i = from; i < lines.length; i++) {
            message.append("  | ").append(lines[i]).append('\n');
        }
        return message.toString();
    }

    private static void requireTool(String tool) {
        if ("jq".equals(tool) || "mosquitto_rr".equals(tool) || "bash".equals(tool)) {
            // Not in the testkit's table of packages.
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            boolean found =
                    Stream.of(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
            if (!found) {
                String pkg = tool.equals("mosquitto_rr") ? "mosquitto-clients" : tool;
                throw new AssertionError(tool + " is not installed: install the Debian package " + pkg
                        + " (apt-get install " + pkg + ")");
            }
            return;
        }
        Processes.requireTool(tool);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("warden")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (README.md and ./warden) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
