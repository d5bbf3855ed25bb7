package dev.warden.device;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.DeviceAuthenticator;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.GatewayConfig;
import dev.warden.gateway.GatewayLimits;
import dev.warden.gateway.GatewayTls;
import dev.warden.gateway.MqttGateway;
import dev.warden.gateway.PolicyProvider;
import dev.warden.pki.Fingerprints;
import dev.warden.policy.DefaultPolicies;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySet;
import dev.warden.testkit.FreePorts;
import dev.warden.testkit.TestCa;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Warden gateway on a fixed free port (so it can be restarted in place), trusting a {@link TestCa}. Things named
 * {@code reader*} may subscribe to and receive everything under {@code devices/}; all others get the built-in device
 * policy. The authenticator refuses certificates whose serial is in {@link #revoked}, as the node does for a revoked
 * certificate.
 */
final class TestGateway implements AutoCloseable {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "default";

    final TestCa ca;
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final int port = FreePorts.next();
    private final dev.warden.gateway.ServerCredentials serverCredentials;
    private MqttGateway gateway;
    /** What the gateway hands each accepted PUBLISH to (a test may plug in the node's listeners). */
    volatile dev.warden.gateway.PublishListener publishes = dev.warden.gateway.PublishListener.NONE;

    TestGateway(TestCa ca) {
        this(ca, TestCredentials.server(ca.server()));
    }

    /** A gateway presenting {@code serverCredentials} (e.g. a certificate for another host name). */
    TestGateway(TestCa ca, dev.warden.gateway.ServerCredentials serverCredentials) {
        this.ca = ca;
        this.serverCredentials = serverCredentials;
        start();
    }

    synchronized void start() {
        Policy deviceDefault = DefaultPolicies.deviceDefault(TestGateway.REGION, TestGateway.ACCOUNT);
        Policy reader = PolicyParser.parse(
                "reader",
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\""
                        + arn("client/${iot:ClientId}")
                        + "\"},{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\""
                        + arn("topicfilter/devices/*")
                        + "\"},{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\""
                        + arn("topic/devices/*")
                        + "\"}]}");
        PolicyProvider policies =
                thing -> thing.startsWith("reader") ? PolicySet.of(reader) : PolicySet.of(deviceDefault);
        DeviceAuthenticator authenticator = certificate -> {
            DeviceIdentity identity = identityOf(certificate);
            return revoked.contains(identity.serialHex())
                    ? AuthenticationResult.reject(AuthenticationResult.RejectionReason.CERTIFICATE_REVOKED, "test")
                    : AuthenticationResult.accept(identity);
        };
        GatewayConfig config = GatewayConfig.of("127.0.0.1", port, TestGateway.REGION, TestGateway.ACCOUNT)
                .withLimits(GatewayLimits.defaults().withConnectTimeout(Duration.ofSeconds(5)));
        gateway = new MqttGateway(
                config,
                GatewayTls.create(() -> serverCredentials, ca.trustManager()),
                authenticator,
                policies,
                null,
                p -> publishes.onPublish(p));
        gateway.start();
    }

    synchronized void stop() {
        if (gateway != null) {
            gateway.stop();
            gateway = null;
        }
    }

    synchronized MqttGateway gateway() {
        return gateway;
    }

    int port() {
        return port;
    }

    DeviceClientConfig clientConfig() {
        return DeviceClientConfig.of("127.0.0.1", port);
    }

    void revoke(DeviceCredentials credentials) {
        revoked.add(credentials.serialHex());
    }

    private static DeviceIdentity identityOf(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        String cn = subject.replaceAll("^.*CN=([^,]+).*$", "$1");
        return new DeviceIdentity(
                cn, certificate.getSerialNumber().toString(16), Fingerprints.sha256Hex(certificate), Map.of());
    }

    private static String arn(String resource) {
        return "arn:warden:iot:" + TestGateway.REGION + ":" + TestGateway.ACCOUNT + ":" + resource;
    }

    @Override
    public void close() {
        stop();
    }
}
