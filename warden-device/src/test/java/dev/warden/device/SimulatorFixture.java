package dev.warden.device;

import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.PublishListener;
import dev.warden.testkit.TestCa;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** A test PKI and a real gateway for tests outside this package (the metrics simulation). */
public final class SimulatorFixture implements AutoCloseable {
    private final TestCa ca = TestCa.create("trusted");
    private final TestGateway gateway = new TestGateway(ca);

    /** Every accepted PUBLISH goes to {@code listener}, which replies through the gateway given to {@code attach}. */
    public void publishTo(PublishListener listener, Consumer<MqttGateway> attach) {
        gateway.publishes = listener;
        attach.accept(gateway.gateway());
    }

    public List<DeviceCredentials> devices(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> TestCredentials.device(ca.newDevice(prefix + i, Duration.ofDays(1))))
                .toList();
    }

    public DeviceClientConfig clientConfig() {
        return gateway.clientConfig();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
