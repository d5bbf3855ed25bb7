package dev.warden.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent verifiers (openssl, mosquitto clients, node, promtool) as child processes. A tool that is not installed
 * fails the test with the Debian package to install, never skips it: tests that need one carry a JUnit tag
 * ({@code openssl}, {@code mosquitto}, {@code node}, ...) so that a developer can leave them out instead.
 */
public final class Processes {
    /** The Debian package that installs each tool the tests run. */
    private static final Map<String, String> DEBIAN_PACKAGES = Map.ofEntries(
            Map.entry("openssl", "openssl"),
            Map.entry("mosquitto", "mosquitto"),
            Map.entry("mosquitto_pub", "mosquitto-clients"),
            Map.entry("mosquitto_sub", "mosquitto-clients"),
            Map.entry("node", "nodejs"),
            Map.entry("npm", "npm"),
            Map.entry("pg_dump", "postgresql-client"),
            Map.entry("curl", "curl"),
            Map.entry("softhsm2-util", "softhsm2"),
            Map.entry("promtool", "prometheus"),
            Map.entry("sslscan", "sslscan"));

    private Processes() {}

    /** What a process printed (stdout and stderr merged) and how it exited. */
    public record Result(int exitCode, String output) {}

    public static Result run(Path workDir, List<String> command) {
        return run(workDir, command, 60);
    }

    public static Result run(Path workDir, List<String> command, int timeoutSeconds) {
        return run(workDir, command, Map.of(), timeoutSeconds);
    }

    /** Runs {@code command} with {@code environment} added to this JVM's (e.g. SOFTHSM2_CONF for softhsm2-util). */
    public static Result run(Path workDir, List<String> command, Map<String, String> environment) {
        return run(workDir, command, environment, 60);
    }

    private static Result run(Path workDir, List<String> command, Map<String, String> environment, int timeoutSeconds) {
        requireTool(command.get(0));
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails (an {@link AssertionError}, never a skip) unless {@code tool} (a name looked up on PATH, or a path) is an
     * executable, naming the Debian package that provides it.
     */
    public static void requireTool(String tool) {
        if (find(tool) == null) {
            String name = Path.of(tool).getFileName().toString();
            String pkg = DEBIAN_PACKAGES.get(name);
            throw new AssertionError(name + " is not installed"
                    + (pkg == null ? "" : ": install the Debian package " + pkg + " (apt-get install " + pkg + ")")
                    + ", or leave out the tests that need it (see README)");
        }
    }

    private static Path find(String tool) {
        if (tool.contains("/")) {
            return Files.isExecutable(Path.of(tool)) ? Path.of(tool) : null;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }
}
