package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.DefaultPolicies;
import dev.warden.policy.PolicySet;
import dev.warden.testkit.FreePorts;
import dev.warden.testkit.TestCa;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS session resumption skips the client certificate check of the handshake; the certificate must still be decided
 * at CONNECT, so a certificate revoked after its first connection never comes back through a resumed session.
 */
class TlsResumptionTest {
    private TestCa ca;
    private TestCa rogue;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger chainChecks = new AtomicInteger();
    private final RecordingEvents events = new RecordingEvents();
    private MqttGateway gateway;

    @BeforeEach
    void start() {
        ca = TestCa.create("trusted");
        ServerCredentials server = GatewayHarness.serverCredentials(ca.server());
        rogue = TestCa.create("rogue");
        DeviceAuthenticator authenticator = cert -> {
            DeviceIdentity identity = GatewayHarness.identityOf(cert);
            return revoked.contains(identity.serialHex())
                    ? AuthenticationResult.reject(AuthenticationResult.RejectionReason.CERTIFICATE_REVOKED, "test")
                    : AuthenticationResult.accept(identity);
        };
        PolicyProvider policies =
                thing -> PolicySet.of(DefaultPolicies.deviceDefault(GatewayHarness.REGION, GatewayHarness.ACCOUNT));
        gateway = new MqttGateway(
                GatewayConfig.of("127.0.0.1", FreePorts.next(), GatewayHarness.REGION, GatewayHarness.ACCOUNT),
                GatewayTls.create(() -> server, counting(ca.trustManager())),
                authenticator,
                policies,
                events);
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aResumedTlsSessionDoesNotBringARevokedCertificateBack() {
        // GIVEN dev-resume connected once, with a TLS client that keeps its session for resumption
        TestCa.Leaf device = ca.device("dev-resume");
        SSLContext client = ca.clientContext(device);
        assertThat(connackReason(client)).isZero();
        int checksAfterFirst = chainChecks.get();
        assertThat(checksAfterFirst).as("the first handshake checked the chain").isPositive();

        // WHEN its certificate is revoked and it comes back with the same TLS client
        revoked.add(device.serialHex());
        int reason = connackReason(client);

        // THEN the handshake was resumed (the chain was not checked again), and CONNECT is still refused
        assertThat(chainChecks.get())
                .as("the second handshake resumed the session")
                .isEqualTo(checksAfterFirst);
        assertThat(reason).isEqualTo(ReasonCode.NOT_AUTHORIZED.code);
    }

    @Test
    void aChainToAnUnknownCaIsRefusedInTheHandshake() {
        TestCa.Leaf rogueDevice = rogue.device("dev-rogue");
        try (RawMqttClient client = RawMqttClient.open(gateway.port(), ca.clientContext(rogueDevice))) {
            client.send(RawMqttClient.connect("dev-rogue", 5, true, 60, null, null, 0));
            assertThat(client.read()).isNull();
        } catch (RuntimeException refusedInHandshake) {
            // The JDK client may also see the refusal as an exception: either way no CONNACK.
        }
        assertThat(events.all()).noneMatch(e -> e.startsWith("connected dev-rogue"));
    }

    /** MQTT 5 CONNECT with a new TLS connection from {@code client}; returns the CONNACK reason code. */
    private int connackReason(SSLContext client) {
        try (RawMqttClient connection = RawMqttClient.open(gateway.port(), client)) {
            connection.send(RawMqttClient.connect("dev-resume", 5, true, 60, null, null, 0));
            RawMqttClient.Packet connack = connection.read();
            assertThat(connack.type()).isEqualTo(RawMqttClient.CONNACK);
            return connack.body()[1] & 0xFF;
        }
    }

    private X509TrustManager counting(X509TrustManager delegate) {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                chainChecks.incrementAndGet();
                delegate.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                    throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
    }
}
