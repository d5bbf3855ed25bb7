package dev.warden.bench.load;

import dev.warden.pki.Pem;
import dev.warden.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Warden node ({@code java -jar warden.jar server}) as a child process on free ports and a fresh data
 * directory, with the default gateway configuration: the node exposes no setting for the connection firewall.
 */
final class WardenNodeProcess implements BrokerProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final List<String> command;
    /** Set on top of this process's environment, e.g. {@code WARDEN_MONITOR}, which has no command-line flag. */
    private final Map<String, String> environment;

    private final Path workDir;
    private final Path dataDir;
    private final int adminPort;
    private final int publicPort;
    private final int mqttPort;
    /** Replaced by {@link #restart()}; read by other threads (the reconnect probe reads the new pid). */
    private volatile Process process;

    private WardenNodeProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workDir,
            Path dataDir,
            int adminPort,
            int publicPort,
            int mqttPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.adminPort = adminPort;
        this.publicPort = publicPort;
        this.mqttPort = mqttPort;
    }

    /** Starts the node and returns once {@code GET /health} answers 200. */
    static WardenNodeProcess start(Path wardenJar, List<String> jvmOptions, List<String> nodeArgs, Path workDir)
            throws IOException, InterruptedException {
        return start("warden", wardenJar, jvmOptions, nodeArgs, Map.of(), workDir);
    }

    /**
     * As {@link #start(Path, List, List, Path)}, named {@code name} in reports, with {@code environment} added to the
     * node's. A data directory already under {@code workDir/warden-data} (a copy of another node's) is used as it is.
     */
    static WardenNodeProcess start(
            String name,
            Path wardenJar,
            List<String> jvmOptions,
            List<String> nodeArgs,
            Map<String, String> environment,
            Path workDir)
            throws IOException, InterruptedException {
        Path dataDir = Files.createDirectories(workDir.resolve("warden-data"));
        int admin = FreePorts.next();
        int pub = FreePorts.next();
        int mqtt = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                wardenJar.toAbsolutePath().toString(),
                "server",
                "--data",
                dataDir.toString(),
                "--admin-port",
                Integer.toString(admin),
                "--public-port",
                Integer.toString(pub),
                "--mqtt-port",
                Integer.toString(mqtt)));
        command.addAll(nodeArgs);
        WardenNodeProcess node = new WardenNodeProcess(name, command, environment, workDir, dataDir, admin, pub, mqtt);
        node.launch();
        return node;
    }

    /**
     * SIGTERM, wait for the exit, then the same command (same JVM options, data directory and ports) until
     * {@code /health} answers again: a node restarted by its operator, with its registry, CA and keys kept.
     */
    @Override
    public void restart() throws IOException, InterruptedException {
        close();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        // The working directory is the temp dir so that no ./warden.yaml of the caller changes the configuration;
        // the log is appended to, so a restart keeps the first run's log.
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve("warden.log").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitHealthy(START_TIMEOUT);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Warden node exited with " + process.exitValue() + " (see warden.log)");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(publicUri("/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The listener is not up yet.
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the Warden node was not healthy within " + timeout);
    }

    URI publicUri(String path) {
        return URI.create("http://127.0.0.1:" + publicPort + path);
    }

    /** Fetches a public endpoint, e.g. the CRL or the CA chain. */
    byte[] fetchPublic(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(publicUri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> HTTP " + response.statusCode());
        }
        return response.body();
    }

    X509Certificate root() throws IOException {
        return Pem.parseCertificate(Files.readString(dataDir.resolve("pki/root.crt")));
    }

    /** The bootstrap admin credential; the caller keeps it out of every log. */
    String adminToken() throws IOException {
        return Files.readString(dataDir.resolve("admin-credential")).trim();
    }

    Path serverCertificate() {
        return dataDir.resolve("pki/server.crt");
    }

    /**
     * Mosquitto needs a server key file, and the node keeps its own only sealed under its master key: this throwaway
     * benchmark node's key is opened with the master-key passphrase the node generated and written, for Mosquitto
     * alone, to {@code dir/server.key} (0600). Nothing like it exists outside the benchmark harness.
     */
    Path exportServerKeyForPeer(Path dir) throws IOException {
        var config = dev.warden.node.config.ConfigLoader.load(
                java.util.Map.of(dev.warden.node.config.ConfigKey.DATA, dataDir.toString()), java.util.Map.of(), null);
        var masterKey = dev.warden.node.kms.MasterKeys.openOrCreate(
                config, java.util.Map.of(), new java.security.SecureRandom());
        var key = new dev.warden.node.SealedKeyFiles(masterKey).read(dataDir.resolve("pki/server.key"));
        Files.createDirectories(dir);
        Path file = dir.resolve("peer-server.key");
        Files.deleteIfExists(file);
        Files.createFile(
                file,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Pem.encodePrivateKey(key));
        return file;
    }

    int adminPort() {
        return adminPort;
    }

    /** The node's data directory: SQLite database, PKI material, keys, anchors. */
    Path dataDir() {
        return dataDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mqttPort() {
        return mqttPort;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Process process = this.process;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                // Waited for, so that a restart finds the port free.
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
