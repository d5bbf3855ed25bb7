package dev.warden.bench.load;

import dev.warden.testkit.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto configured as Warden's gateway is: a TLS-only listener requiring a client certificate from Warden's CA,
 * the certificate's CN as the user name, the CA's CRL, TLS 1.2 at least, and an ACL that confines each device to
 * {@code devices/<its name>/#} and lets the application read every device's telemetry.
 */
final class MosquittoBroker implements BrokerProcess {
    static final String BINARY = "/usr/sbin/mosquitto";

    private final Path configDir;
    private final int port;
    /** Replaced by {@link #restart()}; read by other threads (the reconnect probe reads the new pid). */
    private volatile Process process;

    private MosquittoBroker(Path configDir, int port) {
        this.configDir = configDir;
        this.port = port;
    }

    /**
     * @param caChainPem  the Warden root and issuing CA (PEM)
     * @param crlDer      the issuing CA's CRL as Warden publishes it (DER)
     * @param application thing name of the application allowed to read {@code devices/+/telemetry}
     */
    static MosquittoBroker start(
            Path workDir, String caChainPem, Path serverCert, Path serverKey, byte[] crlDer, String application)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("mosquitto"));
        Files.writeString(dir.resolve("ca.pem"), caChainPem);
        Files.copy(serverCert, dir.resolve("server.crt"));
        Files.copy(serverKey, dir.resolve("server.key"));
        writeCrl(dir, crlDer);
        Files.writeString(
                dir.resolve("acl"),
                "pattern readwrite devices/%u/#\n\nuser " + application + "\ntopic read devices/+/telemetry\n");
        int port = FreePorts.next();
        Files.writeString(
                dir.resolve("mosquitto.conf"),
                String.join(
                        "\n",
                        "per_listener_settings false",
                        "persistence false",
                        "allow_anonymous false",
                        // Same user as the Warden node: when started as root Mosquitto would otherwise drop to the
                        // mosquitto user, which cannot read this private temp directory.
                        "user " + System.getProperty("user.name"),
                        "log_dest stdout",
                        "log_type error",
                        "log_type warning",
                        "acl_file " + dir.resolve("acl"),
                        // Warden's gateway sets TCP_NODELAY on every connection; Mosquitto does not by default.
                        "set_tcp_nodelay true",
                        "listener " + port + " 127.0.0.1",
                        "cafile " + dir.resolve("ca.pem"),
                        "certfile " + dir.resolve("server.crt"),
                        "keyfile " + dir.resolve("server.key"),
                        "crlfile " + dir.resolve("crl.pem"),
                        "require_certificate true",
                        "use_identity_as_username true",
                        "tls_version tlsv1.2",
                        ""));
        MosquittoBroker broker = new MosquittoBroker(dir, port);
        broker.launch();
        return broker;
    }

    /** Writes the CRL in the PEM form Mosquitto reads. */
    static void writeCrl(Path dir, byte[] crlDer) throws IOException {
        Files.writeString(
                dir.resolve("crl.pem"),
                "-----BEGIN X509 CRL-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(crlDer)
                        + "\n-----END X509 CRL-----\n");
    }

    Path configDir() {
        return configDir;
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(
                        BINARY, "-c", configDir.resolve("mosquitto.conf").toString()))
                .redirectErrorStream(true)
                .redirectOutput(configDir.resolve("stdout.log").toFile())
                .start();
        awaitListening();
    }

    /**
     * Stops (SIGTERM, waiting for the exit) and starts the broker with the same configuration, returning once it
     * listens: how Mosquitto picks up a new CRL for new handshakes.
     */
    @Override
    public void restart() throws IOException, InterruptedException {
        close();
        launch();
    }

    /** SIGHUP: Mosquitto reloads its configuration (ACL and password files; see the report for the CRL). */
    void reload() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + " (see "
                        + configDir.resolve("stdout.log") + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public int mqttPort() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                // Waited for, so that a restart finds the port free.
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
