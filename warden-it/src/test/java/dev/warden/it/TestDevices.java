package dev.warden.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import dev.warden.device.DeviceTls;
import dev.warden.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * MQTT 5 clients (the HiveMQ client, not Warden's SDK) for devices enrolled with {@code warden device enroll --out},
 * optionally from a given loopback address, so that one host can stand for several.
 */
final class TestDevices {
    private TestDevices() {}

    /**
     * A client for {@code thing} with the key and certificate in {@code deviceDir}, trusting {@code root}, from
     * {@code localAddress} if not null; not yet connected.
     */
    static Mqtt5ClientBuilder mqtt5(Path deviceDir, String thing, Path root, int port, String localAddress)
            throws Exception {
        var identity = DeviceTls.identity(
                Pem.parsePrivateKey(Files.readString(deviceDir.resolve(thing + ".key"))),
                Pem.parseCertificates(Files.readString(deviceDir.resolve(thing + ".crt"))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        X509Certificate rootCert = Pem.parseCertificates(Files.readString(root)).get(0);
        trust.setCertificateEntry("root", rootCert);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var transport = MqttClient.builder()
                .useMqttVersion5()
                .identifier(thing)
                .transportConfig()
                .serverHost("127.0.0.1")
                .serverPort(port);
        if (localAddress != null) {
            transport = transport.localAddress(localAddress);
        }
        return transport
                .sslConfig()
                .keyManagerFactory(identity)
                .trustManagerFactory(trustManagers)
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .applySslConfig()
                .applyTransportConfig();
    }
}
