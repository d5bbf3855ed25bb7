package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.Processes;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection firewall and the per-client flow limits on a real gateway, attacked from 127.0.0.1 with real TLS
 * clients. Each test starts its own gateway with the rule under test tightened and the others lenient.
 */
@Tag("openssl")
class GatewayFirewallTest {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private GatewayHarness gateway(FirewallRules rules) {
        return gateway(
                GatewayLimits.defaults().withMaxPacketSize(64 * 1024).withConnectTimeout(Duration.ofSeconds(2)), rules);
    }

    private GatewayHarness gateway(GatewayLimits limits, FirewallRules rules) {
        try {
            return new GatewayHarness(Files.createDirectories(dir.resolve("pki")), limits, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void deniedAddressIsClosedBeforeAnyTlsByte() {
        // GIVEN a gateway that denies 127.0.0.0/8
        try (GatewayHarness h = gateway(GatewayHarness.lenientFirewall().withDeny("127.0.0.0/8"))) {
            // WHEN a client connects THEN the socket is closed without a single byte (no ServerHello)
            assertThat(bytesBeforeClose(h.port())).isZero();
            Processes.Result openssl = h.run(List.of(
                    "openssl",
                    "s_client",
                    "-connect",
                    "127.0.0.1:" + h.port(),
                    "-CAfile",
                    h.ca.caFile().toString()));
            assertThat(openssl.output()).doesNotContain("Server certificate").contains("no peer certificate");
            // AND a valid device is refused too
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
            h.events.await("refused 127.0.0.1 DENIED_CIDR", WAIT);
            assertThat(h.events.all()).noneMatch(e -> e.startsWith("tls-failed"));
            assertThat(h.gateway.counters().refusedByReason().get(Admission.DENIED_CIDR))
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void connectionsBeyondTheTokenBucketAreRefused() throws IOException {
        // GIVEN a bucket of 5 connections, refilled once every 10 s
        try (GatewayHarness h = gateway(GatewayHarness.lenientFirewall().withConnectionRate(new Rate(0.1, 5)))) {
            int admitted = 0;
            int refused = 0;
            // WHEN 10 connections come at once
            for (int i = 0; i < 10; i++) {
                try (Socket s = connect(h.port())) {
                    s.setSoTimeout(300);
                    if (closedByServer(s)) {
                        refused++;
                    } else {
                        admitted++;
                    }
                }
            }
            // THEN 5 are admitted (the gateway waits for their ClientHello) and 5 closed at once
            assertThat(admitted).isEqualTo(5);
            assertThat(refused).isEqualTo(5);
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
            h.events.await("refused 127.0.0.1 RATE_LIMITED", WAIT);
            assertThat(h.gateway.counters().refusedByReason().get(Admission.RATE_LIMITED))
                    .isEqualTo(6);
        }
    }

    @Test
    void connectionsPerAddressAreCapped() {
        try (GatewayHarness h = gateway(GatewayHarness.lenientFirewall().withMaxConnectionsPerIp(2))) {
            RawMqttClient first = connected(h, "dev-a", 4);
            try (RawMqttClient second = connected(h, "dev-b", 4)) {
                assertThatThrownBy(() -> h.raw("dev-c")).isInstanceOf(UncheckedIOException.class);
                h.events.await("refused 127.0.0.1 TOO_MANY_CONNECTIONS_FROM_IP", WAIT);
                first.close();
                awaitOpenConnections(h, 1);
                connected(h, "dev-c", 4).close();
            }
        }
    }

    @Test
    void connectionsBeyondTheConnectingLimitWaitToBeAcceptedInsteadOfSharingTheHandshakeTime() throws IOException {
        // GIVEN at most 4 connections between accept and CONNACK
        GatewayLimits limits = GatewayLimits.defaults()
                .withMaxPacketSize(64 * 1024)
                .withConnectTimeout(Duration.ofSeconds(5))
                .withMaxConnecting(4);
        try (GatewayHarness h = gateway(limits, GatewayHarness.lenientFirewall())) {
            // WHEN 6 clients open TCP connections and have not finished their handshakes
            List<Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    sockets.add(connect(h.port()));
                }
                // THEN the gateway takes on 4; the other 2 wait in the accept queue, not refused
                awaitOpenConnections(h, 4);
                sleep(300);
                assertThat(h.gateway.firewall().openConnections()).isEqualTo(4);
                for (Socket waiting : sockets.subList(4, 6)) {
                    waiting.setSoTimeout(100);
                    assertThat(closedByServer(waiting)).isFalse();
                }
                // WHEN 2 of the first 4 go away THEN the waiting 2 are accepted
                sockets.get(0).close();
                sockets.get(1).close();
                awaitOpenConnections(h, 4);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            awaitOpenConnections(h, 0);
            // AND connected devices no longer count: 6 devices connect one after the other and stay connected
            List<RawMqttClient> devices = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    devices.add(connected(h, "dev-" + i, 5));
                }
                assertThat(h.gateway.firewall().openConnections()).isEqualTo(6);
            } finally {
                devices.forEach(RawMqttClient::close);
            }
            assertThat(h.events.all()).noneMatch(e -> e.startsWith("refused"));
        }
    }

    @Test
    void failedHandshakesBanTheAddressUntilUnbanned() {
        // GIVEN a ban after 3 failures in 60 s
        FirewallRules rules = GatewayHarness.lenientFirewall()
                .withBans(new BanPolicy(3, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)));
        try (GatewayHarness h = gateway(rules)) {
            // WHEN a client without a certificate fails the handshake 3 times
            for (int i = 0; i < 3; i++) {
                handshakeWithoutCertificate(h);
            }
            // THEN each failure is recorded with source and reason, and the address is banned for 1 minute
            h.events.await("banned 127.0.0.1 PT1M", WAIT);
            assertThat(h.events.all())
                    .filteredOn(e -> e.startsWith("tls-failed 127.0.0.1 "))
                    .hasSize(3);
            assertThat(h.gateway.firewall().bans())
                    .singleElement()
                    .satisfies(b -> assertThat(b.reason()).contains("TLS_HANDSHAKE"));
            // AND even a valid device is refused before TLS
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
            h.events.await("refused 127.0.0.1 BANNED", WAIT);
            assertThat(h.gateway.counters().bansStarted()).isEqualTo(1);
            // WHEN an operator lifts the ban THEN the device connects
            assertThat(h.gateway.firewall().unban(LOCALHOST)).isTrue();
            connected(h, "dev-a", 5).close();
        }
    }

    @Test
    void handshakeLeftHangingCountsAsAFailureButAPeerThatJustClosesDoesNot() throws IOException {
        // GIVEN a ban at the first failure and a 500 ms connect timeout
        try (GatewayHarness h = banningAtFirstFailure()) {
            // WHEN a TCP health check connects and closes THEN nothing is held against the address
            connect(h.port()).close();
            connected(h, "dev-a", 4).close();
            assertThat(h.gateway.firewall().bans()).isEmpty();
            // WHEN a client connects and never starts the handshake (slowloris)
            try (Socket s = connect(h.port())) {
                s.setSoTimeout(3_000);
                assertThat(closedByServer(s)).isTrue();
            }
            // THEN the failure is recorded with its source and reason, and the address is banned
            // (SslHandler's handshake timeout and the connect timeout are equal; either may report it)
            h.events.await("tls-failed 127.0.0.1 handshake", WAIT);
            h.events.await("banned 127.0.0.1", WAIT);
        }
    }

    @Test
    void aHandshakeThatTimesOutWhileTheGatewayIsBehindIsNotHeldAgainstTheClient() throws Exception {
        // GIVEN a ban at the first failure and a 500 ms connect timeout
        try (GatewayHarness h = banningAtFirstFailure()) {
            // WHEN the I/O threads fall 1.5 s behind (a whole fleet reconnecting at once) while a handshake is due
            for (EventExecutor loop : h.gateway.ioLoops()) {
                loop.execute(() -> sleep(1_500));
            }
            try (Socket s = connect(h.port())) {
                s.setSoTimeout(5_000);
                assertThat(closedByServer(s)).isTrue();
            }
            // THEN the connection is closed and the timeout reported, but the address is not banned
            h.events.await("tls-failed 127.0.0.1 handshake", WAIT);
            assertThat(h.gateway.firewall().bans()).isEmpty();
            // AND once the loops keep up again, the same silence counts as before
            Thread.sleep(1_200);
            try (Socket s = connect(h.port())) {
                s.setSoTimeout(3_000);
                assertThat(closedByServer(s)).isTrue();
            }
            h.events.await("banned 127.0.0.1", WAIT);
        }
    }

    @Test
    void bansExpireAndTheNextOneLastsTwiceAsLong() throws InterruptedException {
        FirewallRules rules = GatewayHarness.lenientFirewall()
                .withBans(new BanPolicy(2, Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofHours(1)));
        try (GatewayHarness h = gateway(rules)) {
            handshakeWithoutCertificate(h);
            handshakeWithoutCertificate(h);
            h.events.await("banned 127.0.0.1 PT0.3S", WAIT);
            Thread.sleep(400);
            handshakeWithoutCertificate(h);
            handshakeWithoutCertificate(h);
            h.events.await("banned 127.0.0.1 PT0.6S", WAIT);
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
            Thread.sleep(700);
            connected(h, "dev-a", 4).close();
        }
    }

    @Test
    void refusedAuthenticationsBanTheAddress() {
        FirewallRules rules = GatewayHarness.lenientFirewall()
                .withBans(new BanPolicy(2, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)));
        try (GatewayHarness h = gateway(rules)) {
            // GIVEN a revoked certificate, presented twice
            h.revoked.add(h.ca.device("dev-r").serialHex());
            for (int i = 0; i < 2; i++) {
                try (RawMqttClient c = h.raw("dev-r")) {
                    c.send(RawMqttClient.connect("dev-r", 5, true, 60, null, null, 0));
                    RawMqttClient.Packet connack = c.read();
                    assertThat(connack.body()[1] & 0xFF).isEqualTo(0x87);
                }
            }
            // THEN the address is banned
            h.events.await("banned 127.0.0.1 PT1M", WAIT);
            assertThat(h.gateway.firewall().bans())
                    .singleElement()
                    .satisfies(b -> assertThat(b.reason()).contains("AUTHENTICATION"));
            assertThatThrownBy(() -> h.raw("dev-a")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void mqtt5PublishFloodIsDisconnectedWithMessageRateTooHigh() {
        // GIVEN 10 publishes a second, burst 20
        try (GatewayHarness h = gateway(GatewayHarness.lenientFirewall().withPublishRate(new Rate(10, 20)));
                RawMqttClient client = connected(h, "dev-f", 5)) {
            // WHEN the client publishes its burst THEN each is acknowledged
            for (int i = 1; i <= 20; i++) {
                client.send(RawMqttClient.publish("devices/dev-f/x", "m" + i, 1, i, 5));
            }
            for (int i = 1; i <= 20; i++) {
                assertThat(client.read().type()).isEqualTo(RawMqttClient.PUBACK);
            }
            // WHEN it floods on THEN it gets DISCONNECT 0x96 Message rate too high
            client.send(repeated(RawMqttClient.publish("devices/dev-f/x", "flood", 0, 0, 5), 30));
            RawMqttClient.Packet disconnect = client.read();
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.body()[0] & 0xFF).isEqualTo(0x96);
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
            h.events.await("disconnected dev-f PUBLISH_RATE_EXCEEDED", WAIT);
            assertThat(h.gateway.counters().publishRateDisconnects()).isEqualTo(1);
        }
    }

    @Test
    void mqtt311PublishFloodClosesTheConnection() {
        try (GatewayHarness h = gateway(GatewayHarness.lenientFirewall().withPublishRate(new Rate(10, 20)));
                RawMqttClient client = connected(h, "dev-f", 4)) {
            client.send(repeated(RawMqttClient.publish("devices/dev-f/x", "flood", 0, 0, 4), 50));
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
            h.events.await("disconnected dev-f PUBLISH_RATE_EXCEEDED", WAIT);
        }
    }

    @Test
    void floodToASubscriberThatNeverReadsCostsBoundedMemoryAndTheBrokerServesOthers() {
        // GIVEN queues of at most 50 messages, and slow consumers cut off after 500 ms unwritable
        GatewayLimits limits = GatewayLimits.defaults()
                .withMaxPacketSize(64 * 1024)
                .withConnectTimeout(Duration.ofSeconds(2))
                .withMaxQueuedMessages(50);
        FirewallRules rules =
                GatewayHarness.lenientFirewall().withSlowConsumers(new SlowConsumerPolicy(Duration.ofMillis(500)));
        try (GatewayHarness h = gateway(limits, rules);
                RawMqttClient slow = RawMqttClient.openWithSmallReceiveBuffer(
                        h.port(), h.ca.clientContext(h.ca.device("reader-slow")));
                RawMqttClient healthy = connected(h, "reader-ok", 5);
                RawMqttClient publisher = connected(h, "dev-p", 4)) {
            slow.send(RawMqttClient.connect("reader-slow", 5, true, 60, null, null, 0));
            assertThat(slow.read().type()).isEqualTo(RawMqttClient.CONNACK);
            slow.send(RawMqttClient.subscribe(1, "devices/dev-p/#", 1, 5));
            assertThat(slow.read().type()).isEqualTo(RawMqttClient.SUBACK);
            healthy.send(RawMqttClient.subscribe(1, "devices/dev-q/#", 1, 5));
            assertThat(healthy.read().type()).isEqualTo(RawMqttClient.SUBACK);

            // WHEN 24 MiB of QoS 0 and QoS 1 messages flood towards the subscriber, which never reads again
            String payload = "x".repeat(16 * 1024);
            int largestQueue = 0;
            long largestBuffer = 0;
            for (int i = 1; i <= 1_500; i++) {
                publisher.send(RawMqttClient.publish("devices/dev-p/flood", payload, i % 2, i % 60_000 + 1, 4));
                if (i % 100 == 0) {
                    largestQueue = Math.max(largestQueue, h.gateway.largestSessionQueue());
                    largestBuffer = Math.max(largestBuffer, h.gateway.sessions().largestPendingOutboundBytes());
                }
            }
            // AND messages keep coming while it stays unwritable
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (h.events.all().stream().noneMatch(e -> e.equals("disconnected reader-slow SLOW_CONSUMER"))
                    && System.nanoTime() < deadline) {
                publisher.send(RawMqttClient.publish("devices/dev-p/flood", "late", 0, 0, 4));
                largestQueue = Math.max(largestQueue, h.gateway.largestSessionQueue());
                largestBuffer = Math.max(largestBuffer, h.gateway.sessions().largestPendingOutboundBytes());
                sleep(100);
            }

            // THEN the queue never exceeded its bound, QoS 0 was dropped, and the reader was cut off
            h.events.await("disconnected reader-slow SLOW_CONSUMER", Duration.ofSeconds(1));
            assertThat(largestQueue).isLessThanOrEqualTo(50);
            // Outbound: the high-water mark plus what was in flight when it was crossed, not the 24 MiB sent
            assertThat(largestBuffer).isPositive().isLessThan(MqttGateway.OUTBOUND_BUFFER.high() + 64 * 1024);
            GatewayCounters counters = h.gateway.counters();
            assertThat(counters.slowConsumerDrops()).isPositive();
            assertThat(counters.slowConsumerDisconnects()).isEqualTo(1);
            // AND the drops are counted per reason and per subscriber, also after it was cut off
            assertThat(counters.dropsByReason().get(DropReason.NOT_WRITABLE)).isEqualTo(counters.slowConsumerDrops());
            assertThat(counters.dropsByReason().get(DropReason.QUEUE_FULL)).isEqualTo(counters.queueOverflowDrops());
            assertThat(h.gateway.subscriberDrops(10)).singleElement().satisfies(d -> {
                assertThat(d.clientId()).isEqualTo("reader-slow");
                assertThat(d.drops().get(DropReason.NOT_WRITABLE)).isPositive();
                assertThat(d.total()).isEqualTo(counters.slowConsumerDrops() + counters.queueOverflowDrops());
            });
            // AND the broker still serves other clients
            try (RawMqttClient other = connected(h, "dev-q", 5)) {
                other.send(RawMqttClient.publish("devices/dev-q/alive", "yes", 1, 1, 5));
                assertThat(other.read().type()).isEqualTo(RawMqttClient.PUBACK);
            }
            RawMqttClient.Packet delivered = healthy.read();
            assertThat(delivered.type()).isEqualTo(RawMqttClient.PUBLISH);
            assertThat(delivered.topic()).isEqualTo("devices/dev-q/alive");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private GatewayHarness banningAtFirstFailure() {
        FirewallRules rules = GatewayHarness.lenientFirewall()
                .withBans(new BanPolicy(1, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofHours(1)));
        return gateway(GatewayLimits.defaults().withConnectTimeout(Duration.ofMillis(500)), rules);
    }

    private static RawMqttClient connected(GatewayHarness h, String device, int version) {
        RawMqttClient client = h.raw(device);
        client.send(RawMqttClient.connect(device, version, true, 60, null, null, 0));
        RawMqttClient.Packet connack = client.read();
        assertThat(connack.type()).isEqualTo(RawMqttClient.CONNACK);
        assertThat(connack.body()[1]).as("CONNACK return code").isZero();
        return client;
    }

    /** One write, so that a gateway closing midway cannot fail the test with a broken pipe. */
    private static byte[] repeated(byte[] packet, int times) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    /** A TLS client that trusts the gateway but has no certificate: the gateway's handshake fails. */
    private static void handshakeWithoutCertificate(GatewayHarness h) {
        int before = (int)
                h.events.all().stream().filter(e -> e.startsWith("tls-failed")).count();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, h.ca.trustManagerFactory().getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", h.port())) {
                socket.setSoTimeout(2_000);
                socket.startHandshake();
                socket.getInputStream().read();
            }
        } catch (IOException expected) {
            // TLS 1.3 reports the server's alert on the first read, TLS 1.2 during the handshake
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        h.events.await(
                e -> e.startsWith("tls-failed")
                        && h.events.all().stream()
                                        .filter(x -> x.startsWith("tls-failed"))
                                        .count()
                                > before,
                "tls-failed #" + (before + 1),
                WAIT);
    }

    private static void awaitOpenConnections(GatewayHarness h, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (h.gateway.firewall().openConnections() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "open connections: " + h.gateway.firewall().openConnections());
            }
            sleep(10);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        return s;
    }

    /** True if the server closed (EOF or reset) before the read timeout; an admitted TLS socket stays silent. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Bytes the server sends on a fresh connection before closing it (it is expected to close at once). */
    private static int bytesBeforeClose(int port) {
        try (Socket s = connect(port)) {
            s.setSoTimeout(2_000);
            InputStream in = s.getInputStream();
            // A TLS ClientHello start: a normal server would now answer or wait for the rest.
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03});
            int count = 0;
            while (in.read() >= 0) {
                count++;
            }
            return count;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the gateway did not close the connection", e);
        } catch (IOException reset) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
