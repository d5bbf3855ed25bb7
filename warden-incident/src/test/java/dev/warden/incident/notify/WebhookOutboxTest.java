package dev.warden.incident.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.monitor.mitigation.WebhookSignature;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.storage.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed incident webhooks to a JDK HTTP receiver, and the outbox across a restart of the notifier. */
class WebhookOutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the receiver saw: verified like a monitoring receiver would. */
    record Received(String path, String deliveryHeader, boolean signatureValid, JsonNode body) {}

    @TempDir
    static Path dir;

    private static Database db;

    @BeforeAll
    static void openDatabase() {
        db = Database.open(null, dir);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private NotifyFixture fx;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long ts = Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            String expected = WebhookSignature.sign("s3cret-hook-key".getBytes(StandardCharsets.UTF_8), ts, body);
            boolean valid = java.security.MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    exchange.getRequestHeaders()
                            .getFirst(WebhookSignature.SIGNATURE_HEADER)
                            .getBytes(StandardCharsets.US_ASCII));
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_HEADER),
                    valid,
                    JSON.readTree(body)));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        fx = new NotifyFixture(db, Optional.of(url("/alice/t0ken")));
    }

    @AfterEach
    void stop() {
        fx.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private NotifySettings settings(RetryPolicy retry) {
        return NotifySettings.OFF
                .withWebhook(url("/team/t0ken"), "hook-key")
                .withOnCall("primary", Optional.empty())
                .withRetry(retry);
    }

    @Test
    void theTeamAndTheOnCallPersonGetSignedWebhooksAReceiverOfMonitoringVerifies() {
        IncidentNotifier notifier = fx.start(settings(NotifyFixture.FAST));

        List<NotificationRecord> stored = notifier.notify(NotifyFixture.warning(21));

        assertThat(stored).extracting(NotificationRecord::recipient).containsExactlyInAnyOrder("alice", "team");
        NotifyFixture.await(() -> fx.delivered.size() == 2);
        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.deliveryHeader()).isEqualTo(r.body().get("deliveryId").asText());
            assertThat(r.body().get("type").asText()).isEqualTo("warden.incident.notice");
            assertThat(r.body().get("incidentId").asLong()).isEqualTo(21);
            assertThat(r.body().get("kind").asText()).isEqualTo("deadline-warning");
            assertThat(r.body().get("clock").asText()).isEqualTo("triaged");
        });
        assertThat(received).extracting(Received::path).containsExactlyInAnyOrder("/alice/t0ken", "/team/t0ken");
        assertThat(fx.delivered).allSatisfy(n -> assertThat(n.target()).doesNotContain("t0ken"));
    }

    @Test
    void aPendingNotificationResumesAfterARestartAndIsNeverSentTwice() {
        status.set(503);
        RetryPolicy slow = new RetryPolicy(Duration.ofMillis(200), Duration.ofMinutes(1), 5, Duration.ofSeconds(2));
        fx.start(settings(slow)).notify(NotifyFixture.warning(22));
        NotifyFixture.await(() -> received.size() >= 2);
        fx.stop(); // the node stops with both rows pending

        status.set(200);
        int before = received.size();
        IncidentNotifier again = fx.start(settings(NotifyFixture.FAST));
        assertThat(again.notify(NotifyFixture.warning(22))).isEmpty(); // the same notice raised again adds nothing
        assertThat(again.resume()).isEqualTo(2);

        NotifyFixture.await(() -> fx.delivered.size() == 2);
        assertThat(again.notifications(22))
                .hasSize(2)
                .allSatisfy(n -> assertThat(n.status()).isEqualTo(DeliveryStatus.DELIVERED));
        fx.stop();

        IncidentNotifier third = fx.start(settings(NotifyFixture.FAST));
        assertThat(third.resume()).isZero();
        assertThat(third.notify(NotifyFixture.warning(22))).isEmpty();
        assertThat(received.size() - before).isEqualTo(2);
    }

    @Test
    void aRefusedWebhookFailsAtOnceAndAMissingSecretIsNeverSentUnsigned() {
        status.set(403);
        IncidentNotifier notifier = fx.start(settings(NotifyFixture.FAST));
        notifier.notify(NotifyFixture.warning(23));
        NotifyFixture.await(() -> fx.failed.size() == 2);
        assertThat(fx.failed).allSatisfy(n -> {
            assertThat(n.attempts()).isEqualTo(1);
            assertThat(n.lastError()).isEqualTo("HTTP 403");
        });

        fx.secrets.remove("hook-key");
        int before = received.size();
        notifier.notify(NotifyFixture.warning(24));
        NotifyFixture.await(() -> fx.failed.size() == 4);
        assertThat(received.size()).isEqualTo(before);
        assertThat(fx.failed.get(3).lastError()).isEqualTo("signing secret unavailable");
    }
}
