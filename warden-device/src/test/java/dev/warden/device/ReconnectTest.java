package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testkit.TestCa;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Automatic reconnect across a real gateway restart. */
class ReconnectTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(200), Duration.ofMillis(800), 0);

    TestCa ca;
    TestGateway gateway;

    @BeforeEach
    void start() {
        ca = TestCa.create("trusted");
        gateway = new TestGateway(ca);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    record Attempt(DeviceErrorReason reason, int attempt, Duration delay) {}

    @Test
    void reconnectsWithJitteredExponentialBackoffAfterTheGatewayRestartsAndResubscribes() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        CountDownLatch threeAttempts = new CountDownLatch(3);
        CountDownLatch reconnected = new CountDownLatch(2);
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void connected() {
                reconnected.countDown();
            }

            @Override
            public void disconnected(DeviceException cause, int attempt, Duration retryIn) {
                attempts.add(new Attempt(cause.reason(), attempt, retryIn));
                threeAttempts.countDown();
            }
        };
        BlockingQueue<DeviceMessage> received = new LinkedBlockingQueue<>();
        try (DeviceClient device = DeviceClient.connect(
                TestCredentials.device(ca.device("phoenix")),
                gateway.clientConfig().withBackoff(FAST),
                listener)) {
            device.subscribe(device.topic("commands"), Qos.AT_LEAST_ONCE, received::add)
                    .join();

            // WHEN the gateway goes away for a while
            gateway.stop();
            assertThat(threeAttempts.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(device.isConnected()).isFalse();
            gateway.start();

            // THEN the client comes back on its own, its subscription renewed
            assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(device.reconnects()).isEqualTo(1);
            device.publish(device.topic("commands"), new byte[] {42}, Qos.AT_LEAST_ONCE)
                    .get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS))
                    .isNotNull()
                    .satisfies(m -> assertThat(m.payload()).containsExactly(42));
        }
        // and the delays it waited grew exponentially, jittered within [nominal/2, nominal], bounded by the max
        assertThat(attempts.get(0).attempt()).isZero();
        for (Attempt a : attempts) {
            Duration nominal = FAST.nominal(a.attempt());
            assertThat(a.delay()).isBetween(nominal.dividedBy(2), nominal).isLessThanOrEqualTo(FAST.max());
        }
        assertThat(attempts.get(1).attempt()).isEqualTo(1);
        assertThat(attempts.get(2).attempt()).isEqualTo(2);
    }

    @Test
    void closeWhileReconnectingStopsForGood() throws Exception {
        CountDownLatch disconnected = new CountDownLatch(1);
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void disconnected(DeviceException cause, int attempt, Duration retryIn) {
                disconnected.countDown();
            }
        };
        DeviceClient device = DeviceClient.connect(
                TestCredentials.device(ca.device("quitter")),
                gateway.clientConfig().withBackoff(FAST),
                listener);
        gateway.stop();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        device.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        gateway.start();
        Thread.sleep(FAST.max().toMillis() * 2);
        assertThat(device.isConnected()).isFalse();
        assertThat(device.reconnects()).isZero();
        assertThatThrownBy(() -> device.publishTelemetry(new byte[] {1}, Qos.AT_MOST_ONCE)
                        .join())
                .cause()
                .isInstanceOfSatisfying(
                        DeviceException.class, e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.CLOSED));
    }

    @Test
    void stopsReconnectingWhenTheGatewayNowRefusesTheCertificate() throws Exception {
        DeviceCredentials credentials = TestCredentials.device(ca.device("to-be-revoked"));
        AtomicReference<DeviceException> gaveUp = new AtomicReference<>();
        CountDownLatch gaveUpLatch = new CountDownLatch(1);
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void gaveUp(DeviceException cause) {
                gaveUp.set(cause);
                gaveUpLatch.countDown();
            }
        };
        try (DeviceClient device =
                DeviceClient.connect(credentials, gateway.clientConfig().withBackoff(FAST), listener)) {
            // GIVEN the certificate is revoked while the gateway restarts
            gateway.stop();
            gateway.revoke(credentials);
            gateway.start();

            // THEN the client gives up on NOT_AUTHORIZED instead of hammering the gateway
            assertThat(gaveUpLatch.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gaveUp.get().reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED);
            assertThatThrownBy(() -> device.publishTelemetry(new byte[] {1}, Qos.AT_LEAST_ONCE)
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            DeviceException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeviceErrorReason.NOT_AUTHORIZED));
        }
    }
}
