package dev.warden.monitor.mitigation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warden.audit.AuditEvent;
import dev.warden.monitor.core.AlarmKey;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.monitor.store.MitigationStatus;
import dev.warden.monitor.store.NotificationRecord;
import dev.warden.storage.Database;
import dev.warden.testkit.Processes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries against an in-process HTTP server: retried with backoff until accepted, given up at once on a
 * refusal, resumed after a restart, never sent unsigned; each signature checked by openssl, an independent HMAC.
 */
@Tag("openssl")
class WebhookNotifierTest {
    private static final String SECRET = "whsec-test-7f3a9c";
    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), 5, Duration.ofSeconds(5));

    /** One request the server received. */
    record Received(long atNanos, String timestamp, String signature, String delivery, byte[] body) {}

    @TempDir
    Path dir;

    private Database database;
    private TestTrail trail;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntSupplier answers = () -> 200;
    private final AtomicInteger secretReads = new AtomicInteger();
    private MitigationService service;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(null, dir);
        trail = new TestTrail(database);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/warden", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    System.nanoTime(),
                    exchange.getRequestHeaders().getFirst("X-Warden-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Warden-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Warden-Delivery"),
                    body));
            exchange.sendResponseHeaders(answers.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        service = service(FAST);
    }

    private MitigationService service(RetryPolicy retry) {
        return new MitigationService(
                        database,
                        trail.audit,
                        new FakeTargets(),
                        name -> {
                            secretReads.incrementAndGet();
                            if (!name.equals("webhooks/ops")) {
                                throw new IllegalArgumentException("no such secret");
                            }
                            return SECRET.getBytes(StandardCharsets.UTF_8);
                        },
                        new MitigationSettings(
                                TestTrail.REGION,
                                "default",
                                MitigationSettings.DEFAULT_BAN,
                                MitigationSettings.DEFAULT_AUDIT_DETAIL,
                                retry),
                        Clock.systemUTC())
                .start();
    }

    @AfterEach
    void close() {
        service.close();
        server.stop(0);
        trail.close();
        database.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/warden";
    }

    private MitigationRequest notify(long alarmId, String secretName) {
        return new MitigationRequest(
                alarmId,
                new AlarmKey("warden-baseline", "message-flood", TargetKey.thing("dev-1")),
                MitigationAction.NOTIFY,
                true,
                null,
                "412 > 100 messages in 10 s",
                Optional.of(url()),
                Optional.of(secretName));
    }

    private NotificationRecord awaitFinished(long alarmId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<NotificationRecord> deliveries = service.deliveries(alarmId);
            if (!deliveries.isEmpty()
                    && deliveries.get(0).status() != DeliveryStatus.PENDING
                    && service.list(alarmId).get(0).status() != MitigationStatus.PENDING) {
                return deliveries.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the delivery of alarm " + alarmId + " never finished");
    }

    @Test
    void aDeliveryRefusedTwiceIsRetriedWithBackoffAndSignedEachTime() throws Exception {
        // GIVEN a receiver that answers 503 twice, then 200
        AtomicInteger calls = new AtomicInteger();
        answers = () -> calls.incrementAndGet() <= 2 ? 503 : 200;

        // WHEN alarm 21 notifies
        long mitigation = service.run(notify(21, "webhooks/ops"));

        // THEN it took three attempts, each later than the last by the backoff, all of one delivery
        NotificationRecord delivery = awaitFinished(21);
        assertThat(received).hasSize(3);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.lastStatusCode()).isEqualTo(200);
        assertThat(delivery.deliveredAt()).isNotNull();
        assertThat(delivery.nextAttemptAt()).isNull();
        assertThat(received).extracting(Received::delivery).containsOnly(delivery.deliveryId());
        assertThat(Duration.ofNanos(received.get(1).atNanos() - received.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(received.get(2).atNanos() - received.get(1).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));

        // AND every signature is HMAC-SHA256(secret, timestamp + "." + body), as openssl computes it
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo("v1=" + opensslHmac(r.timestamp(), r.body()));
            assertThat(Long.parseLong(r.timestamp()))
                    .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        }

        // AND the body names the alarm and never the secret
        JsonNode body = new ObjectMapper().readTree(received.get(2).body());
        assertThat(body.path("alarmId").asLong()).isEqualTo(21);
        assertThat(body.path("deliveryId").asText()).isEqualTo(delivery.deliveryId());
        assertThat(body.path("alarm").path("behaviour").asText()).isEqualTo("message-flood");
        assertThat(body.path("alarm").path("target").asText()).isEqualTo("thing/dev-1");
        assertThat(body.path("detail").asText()).isEqualTo("412 > 100 messages in 10 s");
        assertThat(body.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(new String(received.get(2).body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);

        // AND the mitigation is done, its outcome in the trail after its intent
        assertThat(service.find(mitigation).orElseThrow().status()).isEqualTo(MitigationStatus.DONE);
        List<AuditEvent> events = trail.events("monitor:Notify");
        assertThat(events).extracting(e -> e.details().get("stage")).containsExactly("intent", "outcome");
        assertThat(events).allSatisfy(e -> assertThat(e.details()).containsEntry("alarmId", "21"));
        assertThat(events.toString()).doesNotContain(SECRET);
    }

    @Test
    void aClientErrorFailsAtOnceAndTheMitigationWithIt() throws Exception {
        answers = () -> 401;

        long mitigation = service.run(notify(22, "webhooks/ops"));

        NotificationRecord delivery = awaitFinished(22);
        assertThat(received).hasSize(1);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(delivery.lastStatusCode()).isEqualTo(401);
        assertThat(delivery.lastError()).isEqualTo("HTTP 401");
        assertThat(service.find(mitigation).orElseThrow().status()).isEqualTo(MitigationStatus.FAILED);
    }

    @Test
    void aSecretThatCannotBeReadMeansNothingIsSent() throws Exception {
        service.run(notify(23, "webhooks/missing"));

        NotificationRecord delivery = awaitFinished(23);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(delivery.lastError()).isEqualTo("signing secret unavailable");
        assertThat(received).isEmpty();
    }

    @Test
    void aPendingDeliveryIsResumedByTheNextStart() throws Exception {
        // GIVEN a delivery that failed once and waits two seconds for its next attempt when the node stops
        answers = () -> 503;
        service.close();
        service = service(new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), 5, Duration.ofSeconds(5)));
        service.run(notify(24, "webhooks/ops"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.deliveries(24).get(0).attempts() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        service.close();
        assertThat(service.deliveries(24).get(0).status()).isEqualTo(DeliveryStatus.PENDING);

        // WHEN the receiver recovers and the node starts again THEN the delivery completes, as the same delivery
        answers = () -> 204;
        service = service(FAST);
        NotificationRecord delivery = awaitFinished(24);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(received).extracting(Received::delivery).containsOnly(delivery.deliveryId());
    }

    /** hex HMAC-SHA256 of {@code timestamp + "." + body} under the secret, computed by openssl. */
    private String opensslHmac(String timestamp, byte[] body) throws Exception {
        Path signed = Files.createTempFile(dir, "signed", ".bin");
        Files.write(signed, (timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        Files.write(signed, body, java.nio.file.StandardOpenOption.APPEND);
        Processes.Result r =
                Processes.run(dir, List.of("openssl", "dgst", "-sha256", "-hmac", SECRET, "-r", signed.toString()), 20);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().trim().split("\\s+")[0];
    }
}
