package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One publisher streams QoS 0 messages as fast as it can ({@code mosquitto_pub -l}) to one subscriber
 * ({@code mosquitto_sub}) that stops reading for a while, so its socket and the gateway's outbound buffer fill up. A
 * push-back subscriber (iot:PushBack, things named {@code app*}) gets every message, its publisher held meanwhile; an
 * ordinary one loses messages, and the gateway counts exactly those it lost.
 */
@Tag("mosquitto")
class PushBackTest {
    private static final int MESSAGES = 5_000;
    private static final String TOPIC = "devices/dev-stream/stream";
    /** How long the subscriber does not read: far more than the publisher needs to overflow its buffers. */
    private static final Duration STALL = Duration.ofMillis(1_000);

    /** What the subscriber printed: how many messages, and whether they came in order, none missing or repeated. */
    private record Received(int count, boolean inSequence) {}

    @TempDir
    static Path dir;

    static GatewayHarness harness;
    static Path lines;

    @BeforeAll
    static void start() throws IOException {
        harness = new GatewayHarness(dir);
        lines = dir.resolve("lines");
        // About 20 MB: more than the subscriber's pipe, socket buffers and the gateway's outbound buffer hold.
        Files.writeString(
                lines,
                IntStream.rangeClosed(1, MESSAGES)
                        .mapToObj(i -> "payload-of-a-telemetry-message-number-" + i + "-" + "x".repeat(4_000))
                        .collect(Collectors.joining("\n", "", "\n")));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aPushBackSubscriberGetsEveryMessageOfTheStreamAndNothingIsDropped() throws Exception {
        // WHEN the stream goes to a subscriber whose policy allows iot:PushBack, and it stalls for a while
        Received received = stream("app-stream");

        // THEN it got every message, in order, none was dropped, and its publisher was held meanwhile
        assertThat(received.count()).isEqualTo(MESSAGES);
        assertThat(received.inSequence()).isTrue();
        assertThat(dropsOf(harness, "app-stream")).isZero();
        GatewayCounters counters = harness.gateway.counters();
        assertThat(counters.publisherHolds()).isPositive();
        assertThat(counters.dropsByReason().get(DropReason.PUSH_BACK_EXPIRED)).isZero();
        assertThat(counters.pushBackExpiries()).isZero();
    }

    @Test
    void byDefaultASlowSubscriberLosesMessagesAndEachLossIsCounted() throws Exception {
        // WHEN the same stream goes to an ordinary subscriber that stalls in the same way
        int delivered = stream("reader-stream").count();

        // THEN it lost messages, and the gateway counted for it exactly those it did not get
        assertThat(delivered).isLessThan(MESSAGES);
        assertThat(dropsOf(harness, "reader-stream")).isEqualTo(MESSAGES - delivered);
    }

    @Test
    void aPushBackSubscriberThatStopsReadingHoldsItsPublisherOnlyForTheMaximumPauseThenLosesMessages(@TempDir Path own)
            throws Exception {
        // GIVEN a gateway whose push-back subscribers may hold their publishers for 300 ms at a time
        FirewallRules rules = GatewayHarness.lenientFirewall()
                .withSlowConsumers(SlowConsumerPolicy.defaults().withMaxPushBack(Duration.ofMillis(300)));
        try (GatewayHarness h = new GatewayHarness(own, GatewayLimits.defaults().withMaxPacketSize(64 * 1024), rules)) {
            // WHEN its subscriber stops reading for far longer than that (6 s: time enough for the let-go publisher to
            // send its 20 MB on a loaded 2-core machine, where 2 s was not)
            long started = System.nanoTime();
            int delivered = stream(h, "app-stuck", Duration.ofSeconds(6)).count();

            // THEN the publisher was let go and finished while the subscriber still did not read
            GatewayCounters counters = h.gateway.counters();
            assertThat(counters.publisherHolds()).isPositive();
            assertThat(counters.pushBackExpiries()).isPositive();
            // AND what the subscriber lost is counted, as push-back-expired or not-writable drops, every one
            assertThat(delivered).isLessThan(MESSAGES);
            assertThat(counters.dropsByReason().get(DropReason.PUSH_BACK_EXPIRED))
                    .isPositive();
            assertThat(dropsOf(h, "app-stuck")).isEqualTo(MESSAGES - delivered);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private static Received stream(String subscriber) throws Exception {
        return stream(harness, subscriber, STALL);
    }

    /** Streams the lines to {@code subscriber}, which reads nothing for {@code stall}; returns what it received. */
    private static Received stream(GatewayHarness harness, String subscriber, Duration stall) throws Exception {
        harness.events.clear();
        Process sub = new ProcessBuilder(harness.mosquitto(
                        "mosquitto_sub",
                        subscriber,
                        "mqttv311",
                        "-t",
                        TOPIC,
                        "-q",
                        "0",
                        "-C",
                        Integer.toString(MESSAGES)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Process pub = null;
        try {
            harness.events.await("subscribed " + subscriber + " " + TOPIC, Duration.ofSeconds(10));
            pub = new ProcessBuilder(
                            harness.mosquitto("mosquitto_pub", "dev-stream", "mqttv311", "-t", TOPIC, "-q", "0", "-l"))
                    .redirectInput(lines.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Whether the publisher finished while the subscriber did not read (a held one cannot, until let go).
            boolean publisherDoneInStall = pub.waitFor(stall.toMillis(), TimeUnit.MILLISECONDS);
            Received received = readUntilQuiet(sub);
            assertThat(pub.waitFor(10, TimeUnit.SECONDS))
                    .as("mosquitto_pub finished")
                    .isTrue();
            if (stall.compareTo(STALL) > 0) {
                assertThat(publisherDoneInStall)
                        .as("publisher let go during the stall")
                        .isTrue();
            }
            assertThat(pub.exitValue()).isZero();
            return received;
        } finally {
            sub.destroyForcibly();
            if (pub != null) {
                pub.destroyForcibly();
            }
        }
    }

    /** Reads the subscriber's lines until it has them all or none came for 2 seconds. */
    private static Received readUntilQuiet(Process sub) throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean inSequence = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    int n = count.incrementAndGet();
                    if (!line.startsWith("payload-of-a-telemetry-message-number-" + n + "-")) {
                        inSequence.set(false);
                    }
                }
            } catch (IOException closed) {
                // The process was ended: what was read is counted.
            }
        });
        reader.setDaemon(true);
        reader.start();
        int last = -1;
        long quietSince = System.nanoTime();
        while (count.get() < MESSAGES && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2)) {
            int now = count.get();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
            Thread.sleep(50);
        }
        return new Received(count.get(), inSequence.get());
    }

    private static long dropsOf(GatewayHarness harness, String clientId) {
        List<SubscriberDrops> drops = harness.gateway.subscriberDrops(100);
        return drops.stream()
                .filter(d -> d.clientId().equals(clientId))
                .mapToLong(SubscriberDrops::total)
                .sum();
    }
}
