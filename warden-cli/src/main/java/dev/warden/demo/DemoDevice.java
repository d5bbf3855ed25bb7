package dev.warden.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.warden.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * One simulated device: its own key and certificate (written by {@code warden device provision}), an MQTT 5
 * connection over mutual TLS, and a note of when the broker cut it off.
 */
final class DemoDevice implements AutoCloseable {
    final String thing;
    final Mqtt5BlockingClient client;
    private final AtomicLong disconnectedAtNanos;

    private DemoDevice(String thing, Mqtt5BlockingClient client, AtomicLong disconnectedAtNanos) {
        this.thing = thing;
        this.client = client;
        this.disconnectedAtNanos = disconnectedAtNanos;
    }

    /** A client for {@code thing} from the files in {@code dir}; not yet connected. */
    static DemoDevice of(String thing, Path dir, int port, Path rootCa) throws Exception {
        PrivateKey key = Pem.parsePrivateKey(Files.readString(dir.resolve(thing + ".key")));
        List<X509Certificate> chain = Pem.parseCertificates(Files.readString(dir.resolve(thing + ".crt")));
        return withIdentity(thing, key, chain, port, rootCa);
    }

    /** A client for {@code thing} from the files in {@code dir}, connecting from the local address {@code from}. */
    static DemoDevice from(String thing, Path dir, int port, Path rootCa, String from) throws Exception {
        PrivateKey key = Pem.parsePrivateKey(Files.readString(dir.resolve(thing + ".key")));
        List<X509Certificate> chain = Pem.parseCertificates(Files.readString(dir.resolve(thing + ".crt")));
        return withIdentity(thing, key, chain, port, rootCa, from);
    }

    static DemoDevice withIdentity(String clientId, PrivateKey key, List<X509Certificate> chain, int port, Path rootCa)
            throws Exception {
        return withIdentity(clientId, key, chain, port, rootCa, null);
    }

    static DemoDevice withIdentity(
            String clientId, PrivateKey key, List<X509Certificate> chain, int port, Path rootCa, String from)
            throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("device", key, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("warden-root", Pem.parseCertificate(Files.readString(rootCa)));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        AtomicLong disconnectedAt = new AtomicLong();
        var transport = com.hivemq.client.mqtt.MqttClientTransportConfig.builder()
                .serverHost("localhost")
                .serverPort(port)
                .sslConfig(com.hivemq.client.mqtt.MqttClientSslConfig.builder()
                        .keyManagerFactory(keys)
                        .trustManagerFactory(trustManagers)
                        .build());
        if (from != null) {
            transport = transport.localAddress(new java.net.InetSocketAddress(from, 0));
        }
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .transportConfig(transport.build())
                .addDisconnectedListener(context -> disconnectedAt.compareAndSet(0, System.nanoTime()))
                .buildBlocking();
        return new DemoDevice(clientId, client, disconnectedAt);
    }

    void connect() {
        client.connect();
    }

    /**
     * Connects, and says where the gateway sent the device when it refused it with Use Another Server (MQTT 5, 0x9C);
     * empty when it was accepted or refused for another reason.
     */
    java.util.Optional<String> connectOrRedirect() {
        try {
            client.connect();
            client.disconnect();
            return java.util.Optional.empty();
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException e) {
            if (e.getMqttMessage().getReasonCode()
                    != com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode.USE_ANOTHER_SERVER) {
                return java.util.Optional.empty();
            }
            return e.getMqttMessage().getServerReference().map(Object::toString);
        }
    }

    void publish(String topic, String payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** When the broker cut this device off ({@link System#nanoTime()}), or 0 while connected. */
    long disconnectedAt() {
        return disconnectedAtNanos.get();
    }

    @Override
    public void close() {
        try {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        } catch (RuntimeException e) {
            // Already cut off by the broker: nothing to close.
        }
    }
}
