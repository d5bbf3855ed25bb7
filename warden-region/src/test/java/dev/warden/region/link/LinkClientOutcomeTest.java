package dev.warden.region.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.RegionNode;
import dev.warden.region.service.LocalNode;
import dev.warden.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A link call that breaks tells the caller whether the request had left: before, nothing happened over there
 * (LINK_UNAVAILABLE, safe to try again); after, the peer may have done it (LINK_OUTCOME_UNKNOWN), which a replication
 * source must record, since its data may now be in the other region. Nor is a request whose answer was lost sent again
 * behind the caller's back.
 */
class LinkClientOutcomeTest {
    private final LocalNode west = node("eu-west-1");
    private final LocalNode central = node("eu-central-1");

    @Test
    void aPeerThatTakesTheRequestAndNeverAnswersLeavesTheOutcomeUnknown() throws Exception {
        SSLServerSocket server =
                (SSLServerSocket) LinkTls.serverContext(central.linkKey(), central.chain(), () -> List.of(west.root()))
                        .getServerSocketFactory()
                        .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        try (server) {
            // The peer reads the whole request, then its connection drops before any answer.
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> readRequestAndHangUp(server));
            LinkClient client = client("https://localhost:" + server.getLocalPort());

            assertThatThrownBy(() -> client.call(LinkOperation.REPLICATE_OBJECT, "", replica(), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(RegionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RegionReason.LINK_OUTCOME_UNKNOWN);
                        assertThat(LinkClient.unreachable(e)).isTrue();
                    });
            assertThat(received.get(10, TimeUnit.SECONDS)).contains("\"key\":\"images/v1.bin\"");
            // AND the request was not sent again behind the caller's back
            server.setSoTimeout(1_000);
            assertThatThrownBy(server::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aPeerThatCannotBeReachedIsUnavailableNotUnknown() {
        LinkClient client = client("https://localhost:" + FreePorts.next());

        assertThatThrownBy(() -> client.call(LinkOperation.REPLICATE_OBJECT, "", replica(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        RegionException.class, e -> assertThat(e.reason()).isEqualTo(RegionReason.LINK_UNAVAILABLE));
    }

    private LinkClient client(String url) {
        return new LinkClient(url, "eu-central-1", LinkTls.clientFactory(west.linkKey(), west.chain(), central.root()));
    }

    private static Map<String, Object> replica() {
        return Map.of(
                "bucket", "firmware",
                "key", "images/v1.bin",
                "deleted", false,
                "contentType", "application/octet-stream",
                "sha256", "00".repeat(32),
                "contentBase64", "AAEC");
    }

    /** Reads the request line, headers and body (by its Content-Length), then closes without a word. */
    private static String readRequestAndHangUp(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(
                            line.substring("content-length:".length()).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(body, 0, read);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LocalNode node(String region) {
        return LinkIdentity.issue(
                CaHierarchyBuilder.create(new CaNames(region, "default"), new SoftwareKeySource(), Clock.systemUTC()),
                new RegionNode("default", region, "node-1"),
                "https://localhost:1",
                "mqtts://localhost:8883",
                Clock.systemUTC(),
                new SecureRandom());
    }
}
