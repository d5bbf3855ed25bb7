package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import dev.warden.node.config.ConfigKey;
import dev.warden.pki.Pem;
import dev.warden.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --mqtt-ws-port, the node also serves MQTT over secure WebSocket: same mutual TLS, same policies. */
class WebSocketGatewayIT {
    @TempDir
    Path dir;

    private Mqtt5BlockingClient client(Path deviceDir, String thing, int port, boolean withCertificate)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", Pem.parseCertificate(Files.readString(dir.resolve("data/pki/root.crt"))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var ssl = MqttClient.builder()
                .useMqttVersion5()
                .identifier(thing)
                .serverHost("localhost")
                .serverPort(port)
                .webSocketConfig()
                .serverPath("mqtt")
                .applyWebSocketConfig()
                .sslConfig()
                .trustManagerFactory(trustManagers);
        if (withCertificate) {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            List<X509Certificate> chain = Pem.parseCertificates(Files.readString(deviceDir.resolve(thing + ".crt")));
            identity.setKeyEntry(
                    "device",
                    Pem.parsePrivateKey(Files.readString(deviceDir.resolve(thing + ".key"))),
                    new char[0],
                    chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, new char[0]);
            ssl = ssl.keyManagerFactory(keys);
        }
        return ssl.applySslConfig().buildBlocking();
    }

    @Test
    void mqttOverSecureWebSocket() throws Exception {
        int wsPort = FreePorts.next();
        try (NodeHarness harness =
                new NodeHarness(dir.resolve("data"), null, Map.of(ConfigKey.MQTT_WS_PORT, String.valueOf(wsPort)))) {
            NodeHarness.CliResult enrolled = harness.cli(
                    "device", "enroll", "dev-w", "--out", dir.resolve("dev-w").toString());
            assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
            Mqtt5BlockingClient device = client(dir.resolve("dev-w"), "dev-w", wsPort, true);
            device.connect();
            device.publishWith()
                    .topic("devices/dev-w/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1})
                    .send();
            assertThatThrownBy(() -> device.subscribeWith().topicFilter("#").send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            device.disconnect();
            Mqtt5BlockingClient stranger = client(dir.resolve("dev-w"), "dev-w", wsPort, false);
            assertThatThrownBy(stranger::connect).isInstanceOf(RuntimeException.class);
            // A plain HTTPS request to another path gets a clear 404 at once, not an idle connection.
            var other = dev.warden.testkit.Processes.run(
                    dir,
                    List.of(
                            "curl",
                            "-s",
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{http_code}",
                            "--max-time",
                            "5",
                            "--cacert",
                            dir.resolve("data/pki/root.crt").toString(),
                            "--cert",
                            dir.resolve("dev-w/dev-w.crt").toString(),
                            "--key",
                            dir.resolve("dev-w/dev-w.key").toString(),
                            "https://localhost:" + wsPort + "/other"),
                    15);
            assertThat(other.output()).isEqualTo("404");
        }
    }
}
