package dev.warden.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A download mirror that alters what it serves, as a tampering proxy or a compromised mirror would: every answer is
 * {@code image} with its last byte flipped. For the demo's device (and DeviceFirmwareIT's) to show it refuses such an
 * image.
 */
public final class TamperingMirror implements AutoCloseable {
    private final HttpServer server;

    public TamperingMirror(byte[] image) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = image.clone();
            body[body.length - 1] ^= 1;
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
