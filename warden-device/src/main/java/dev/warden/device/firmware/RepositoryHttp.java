package dev.warden.device.firmware;

import dev.warden.device.DeviceTls;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * GETs of update metadata and images, for the TUF client: a 404 is "not there" (what the client needs to end a root
 * walk), anything longer than the client allows is refused before more is read, and every other failure is
 * UNREACHABLE. HTTPS trusts only the pinned Warden roots.
 */
final class RepositoryHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    RepositoryHttp(List<X509Certificate> roots) {
        SSLContext tls = DeviceTls.context(roots, null);
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Optional<byte[]> get(URI base, String name, long maxLength) {
        URI uri = base.resolve(name);
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    throw new UpdateRefusedException(
                            UpdateRefusal.UNREACHABLE, uri + " answered HTTP " + response.statusCode(), null);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1));
                if (bytes.length > maxLength) {
                    throw new TufException(TufReason.TOO_LARGE, name + " is larger than " + maxLength + " bytes");
                }
                return Optional.of(bytes);
            }
        } catch (IOException e) {
            throw new UpdateRefusedException(UpdateRefusal.UNREACHABLE, uri + " could not be read: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateRefusedException(UpdateRefusal.UNREACHABLE, "interrupted while reading " + uri, e);
        }
    }
}
