package dev.warden.tuf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.tuf.client.MetadataSource;
import dev.warden.tuf.client.TargetSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves a directory over HTTP on loopback (the JDK's server), as the node will serve {@code /tuf/<thing type>/},
 * and reads it back with the JDK's client for Warden's own client, so that both clients read the same bytes from the
 * same server. GET only; a missing file is a 404, which ends a client's root chain.
 */
final class HttpRepository implements AutoCloseable {
    private final Path root;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    HttpRepository(Path root) throws IOException {
        this.root = root.toRealPath();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The base URL of {@code relative} (a directory under the served one), ending with a slash. */
    String url(String relative) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + relative + "/";
    }

    MetadataSource metadataSource(String baseUrl) {
        return (name, maxLength) -> get(baseUrl + name, maxLength);
    }

    TargetSource targetSource(String baseUrl) {
        return (path, maxLength) -> get(baseUrl + path, maxLength);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Optional<byte[]> get(String url, long maxLength) {
        try {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404 || response.statusCode() == 403) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    throw new IOException(url + " answered " + response.statusCode());
                }
                return Optional.of(body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
