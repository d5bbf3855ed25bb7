package dev.warden.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The attacks the demo runs against its own node, each returning whether and how it was stopped. */
final class Attacks {
    private final int mqttPort;
    private final Path rootCa;
    private final Path workDir;

    Attacks(int mqttPort, Path rootCa, Path workDir) {
        this.mqttPort = mqttPort;
        this.rootCa = rootCa;
        this.workDir = workDir;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** A client that presents no certificate at all. */
    AttackOutcome noClientCertificate() throws Exception {
        String name = "No client certificate";
        TrustManagerFactory trust = trust();
        var client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("sensor-01")
                .serverHost("localhost")
                .serverPort(mqttPort)
                .sslConfig()
                .trustManagerFactory(trust)
                .applySslConfig()
                .buildBlocking();
        long start = System.nanoTime();
        try {
            client.connect();
            client.disconnect();
            return new AttackOutcome(name, false, "connected", millisSince(start));
        } catch (RuntimeException e) {
            return new AttackOutcome(name, true, "TLS handshake refused (certificate required)", millisSince(start));
        }
    }

    /** A certificate for a real device's name, signed by a CA the node has never seen. */
    AttackOutcome unknownCa() throws Exception {
        String name = "Certificate from an unknown CA";
        KeyPair rogueCa = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        KeyPair deviceKey = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X500Name issuer = new X500Name("CN=Totally Legit Root");
        Instant now = Instant.now();
        X509Certificate forged = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                issuer,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minus(1, ChronoUnit.HOURS)),
                                Date.from(now.plus(1, ChronoUnit.DAYS)),
                                new X500Name("CN=sensor-01"),
                                deviceKey.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rogueCa.getPrivate())));
        DemoDevice impostor =
                DemoDevice.withIdentity("sensor-01", deviceKey.getPrivate(), List.of(forged), mqttPort, rootCa);
        long start = System.nanoTime();
        try {
            impostor.connect();
            impostor.close();
            return new AttackOutcome(name, false, "connected", millisSince(start));
        } catch (RuntimeException e) {
            return new AttackOutcome(name, true, "TLS handshake refused (unknown issuer)", millisSince(start));
        }
    }

    /** An old client offering only TLS 1.1 (with weak ciphers allowed on its side). */
    AttackOutcome tlsDowngrade(Path deviceDir, String thing) {
        String name = "TLS 1.1 downgrade";
        long start = System.nanoTime();
        ProcessResult result = ProcessResult.run(
                workDir,
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "localhost:" + mqttPort,
                        "-tls1_1",
                        "-cipher",
                        "DEFAULT@SECLEVEL=0",
                        "-CAfile",
                        rootCa.toString(),
                        "-cert",
                        deviceDir.resolve(thing + ".crt").toString(),
                        "-key",
                        deviceDir.resolve(thing + ".key").toString()));
        long elapsed = millisSince(start);
        boolean refused = result.exitCode() != 0 && result.output().contains("Cipher is (NONE)");
        return new AttackOutcome(
                name, refused, refused ? "protocol_version alert: TLS 1.2+ only" : "handshake completed", elapsed);
    }

    /** A device that publishes into another device's topic. */
    AttackOutcome crossTopicPublish(DemoDevice attacker, String victim) {
        String name = "Publish to another device's topic";
        long start = System.nanoTime();
        try {
            attacker.client
                    .publishWith()
                    .topic("devices/" + victim + "/telemetry")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"t\":-273}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .send();
            return new AttackOutcome(name, false, "accepted", millisSince(start));
        } catch (Mqtt5PubAckException e) {
            return new AttackOutcome(
                    name, true, "PUBACK " + e.getMqttMessage().getReasonCode() + " (policy)", millisSince(start));
        }
    }

    /** A device that tries to read everything. */
    AttackOutcome subscribeToEverything(DemoDevice attacker) {
        String name = "Subscribe to #";
        long start = System.nanoTime();
        try {
            attacker.client.subscribeWith().topicFilter("#").send();
            return new AttackOutcome(name, false, "subscribed", millisSince(start));
        } catch (Mqtt5SubAckException e) {
            return new AttackOutcome(
                    name,
                    true,
                    "SUBACK " + e.getMqttMessage().getReasonCodes().get(0) + " (policy)",
                    millisSince(start));
        }
    }

    /**
     * A stolen device: its certificate is revoked while it is connected. Measures revocation to disconnect, then
     * shows the certificate cannot connect again.
     */
    AttackOutcome revokedCertificate(DemoDevice stolen, Runnable revoke, LongSupplier disconnectedAt) throws Exception {
        String name = "Revoked certificate (live session)";
        long start = System.nanoTime();
        revoke.run();
        long deadline = start + TimeUnit.SECONDS.toNanos(5);
        while (disconnectedAt.getAsLong() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        long cut = disconnectedAt.getAsLong();
        if (cut == 0) {
            return new AttackOutcome(name, false, "session stayed up", -1);
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(cut - start);
        try {
            stolen.client.connect();
            stolen.close();
            return new AttackOutcome(name, false, "reconnected after revocation", elapsed);
        } catch (Mqtt5ConnAckException e) {
            return new AttackOutcome(
                    name,
                    true,
                    "session cut, then CONNACK " + e.getMqttMessage().getReasonCode(),
                    elapsed);
        } catch (RuntimeException e) {
            return new AttackOutcome(name, true, "session cut, reconnect refused", elapsed);
        }
    }

    /**
     * A connection flood from one address: TLS connections without a certificate, as fast as possible, until the
     * firewall bans the address; then even a valid device from that address is refused before any TLS.
     */
    AttackOutcome connectionFlood(java.util.function.BooleanSupplier banned, DemoDevice validDevice) throws Exception {
        String name = "Connection flood from one IP";
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust().getTrustManagers(), null);
        long start = System.nanoTime();
        int attempts = 0;
        while (!banned.getAsBoolean() && attempts < 200) {
            attempts++;
            try (javax.net.ssl.SSLSocket socket =
                    (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("localhost", mqttPort)) {
                socket.setSoTimeout(2000);
                socket.startHandshake();
                // TLS 1.3 reports the missing certificate on the first read.
                socket.getInputStream().read();
            } catch (java.io.IOException expected) {
                // refused: that is the point
            }
        }
        long elapsed = millisSince(start);
        if (!banned.getAsBoolean()) {
            return new AttackOutcome(name, false, "no ban after " + attempts + " connections", elapsed);
        }
        try {
            validDevice.connect();
            validDevice.close();
            return new AttackOutcome(name, false, "banned, but a device from that IP still got in", elapsed);
        } catch (RuntimeException refused) {
            return new AttackOutcome(name, true, "IP banned after " + attempts + " failed handshakes", elapsed);
        }
    }

    private TrustManagerFactory trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("warden-root", Pem.parseCertificate(Files.readString(rootCa)));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }
}
