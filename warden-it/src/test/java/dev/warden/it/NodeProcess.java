package dev.warden.it;

import dev.warden.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node as its own JVM ({@code warden server}) from the test classpath, on a given data directory and fresh ports,
 * so that a test can kill it with SIGKILL: no shutdown hook, no final checkpoint, a transaction possibly half done.
 */
final class NodeProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int adminPort;
    private final int publicPort;
    final long startMillis;

    private NodeProcess(Process process, int adminPort, int publicPort, long startMillis) {
        this.process = process;
        this.adminPort = adminPort;
        this.publicPort = publicPort;
        this.startMillis = startMillis;
    }

    /** Starts {@code warden server --data DATA [--db DB]} and returns once the public {@code /health} answers 200. */
    static NodeProcess start(Path workDir, Path data, String db) throws IOException, InterruptedException {
        int admin = FreePorts.next();
        int pub = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.warden.cli.WardenCommand",
                "server",
                "--data",
                data.toString(),
                "--admin-port",
                String.valueOf(admin),
                "--public-port",
                String.valueOf(pub),
                "--mqtt-port",
                String.valueOf(FreePorts.next()),
                "--master-key-kdf",
                NodeHarness.TEST_KDF));
        if (db != null) {
            command.addAll(List.of("--db", db));
        }
        long started = System.nanoTime();
        // The working directory is the temp dir, so that no ./warden.yaml of the caller applies; the log is appended.
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve("node.log").toFile()))
                .start();
        NodeProcess node = new NodeProcess(process, admin, pub, 0);
        node.awaitHealthy(workDir.resolve("node.log"));
        return new NodeProcess(process, admin, pub, (System.nanoTime() - started) / 1_000_000);
    }

    String adminUrl() {
        return "https://localhost:" + adminPort;
    }

    String publicUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    /** SIGKILL, and waits until the process is gone (and its lock on the data directory with it). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the node did not die of SIGKILL");
        }
    }

    /** SIGTERM: the node closes, signing what it wrote. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private void awaitHealthy(Path log) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the node exited with " + process.exitValue() + "; node.log ends:\n" + logTail(log));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(publicUrl() + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        kill();
        throw new IllegalStateException(
                "the node was not healthy within " + START_TIMEOUT + "; node.log ends:\n" + logTail(log));
    }

    /** The last lines the node logged, so that a failed start explains itself in the test report. */
    private static String logTail(Path log) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(node.log unreadable: " + e.getMessage() + ")";
        }
    }
}
