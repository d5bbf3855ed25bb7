package dev.warden.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty load client against a minimal mutual-TLS MQTT server: each device presents its own certificate through the
 * one shared client context, the server's certificate is checked against 127.0.0.1, and a QoS 1 publish completes on
 * the PUBACK.
 */
class NettyLoadClientTest {
    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Client certificate subject seen by the server, by MQTT client ID. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    private KeyPair rootKey;
    private X509Certificate root;

    @BeforeEach
    void createRoot() throws Exception {
        rootKey = ecKey();
        root = certificate("CN=test root", rootKey, "CN=test root", rootKey, true, null);
    }

    @AfterEach
    void stopServer() {
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void eachDevicePresentsItsOwnCertificateAndPublishesWithQos1() throws Exception {
        int port = startServer(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try (LoadClient client = new NettyLoadClient(root)) {
            for (String name : List.of("dev-a", "dev-b")) {
                LoadConnection connection = client.open(device(name), port, InetAddress.getLoopbackAddress());
                connection.connect().get(10, TimeUnit.SECONDS);
                connection
                        .publish("devices/" + name + "/telemetry", new byte[8], LoadConnection.AT_LEAST_ONCE)
                        .get(10, TimeUnit.SECONDS);
                connection.disconnect().get(10, TimeUnit.SECONDS);
                assertThat(connection.disconnected()).isDone();
            }
        }
        assertThat(seen).containsEntry("dev-a", "CN=dev-a").containsEntry("dev-b", "CN=dev-b");
    }

    @Test
    void refusesAServerCertificateNotIssuedFor127001() throws Exception {
        int port = startServer(new GeneralName(GeneralName.dNSName, "broker.example"));
        try (LoadClient client = new NettyLoadClient(root)) {
            LoadConnection connection = client.open(device("dev-a"), port, InetAddress.getLoopbackAddress());
            assertThatThrownBy(() -> connection.connect().join()).isInstanceOf(CompletionException.class);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aServerChainVerifiedOnceDoesNotLetAnotherServerCertificateIn() throws Exception {
        // GIVEN a client that has verified (and remembered) a valid server's chain
        int good = startServer(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        int wrongName = startServer(new GeneralName(GeneralName.dNSName, "broker.example"));
        try (LoadClient client = new NettyLoadClient(root)) {
            LoadConnection first = client.open(device("dev-a"), good, InetAddress.getLoopbackAddress());
            first.connect().get(10, TimeUnit.SECONDS);
            first.disconnect().get(10, TimeUnit.SECONDS);
            // WHEN another server presents a chain from the same root but not for 127.0.0.1
            LoadConnection second = client.open(device("dev-b"), wrongName, InetAddress.getLoopbackAddress());
            // THEN it is still checked, and refused
            assertThatThrownBy(() -> second.connect().join()).isInstanceOf(CompletionException.class);
            // AND the remembered server is still accepted
            LoadConnection third = client.open(device("dev-c"), good, InetAddress.getLoopbackAddress());
            third.connect().get(10, TimeUnit.SECONDS);
            third.disconnect().get(10, TimeUnit.SECONDS);
        }
        assertThat(seen).containsOnlyKeys("dev-a", "dev-c");
    }

    private BenchDevice device(String name) throws Exception {
        KeyPair key = ecKey();
        X509Certificate leaf = certificate("CN=" + name, key, "CN=test root", rootKey, false, null);
        return new BenchDevice(name, "1", key.getPrivate(), List.of(leaf));
    }

    /** A TLS 1.3/1.2 server requiring a client certificate from the root, answering CONNECT and QoS 1 PUBLISH. */
    private int startServer(GeneralName serverName) throws Exception {
        KeyPair serverKey = ecKey();
        X509Certificate serverCert = certificate("CN=server", serverKey, "CN=test root", rootKey, false, serverName);
        SslContext tls = SslContextBuilder.forServer(serverKey.getPrivate(), serverCert)
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(root)
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        Channel server = new ServerBootstrap()
                .group(serverGroup)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc());
                        ch.pipeline()
                                .addLast(
                                        ssl,
                                        new MqttDecoder(),
                                        MqttEncoder.INSTANCE,
                                        new SimpleChannelInboundHandler<MqttMessage>() {
                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message)
                                                    throws Exception {
                                                answer(ctx, message, ssl);
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                ctx.close(); // e.g. the client's alert after refusing our certificate
                                            }
                                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void answer(ChannelHandlerContext ctx, MqttMessage message, SslHandler ssl) throws Exception {
        MqttMessageType type = message.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT) {
            String clientId = ((MqttConnectMessage) message).payload().clientIdentifier();
            X509Certificate peer = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
            seen.put(clientId, peer.getSubjectX500Principal().getName());
            ctx.writeAndFlush(MqttMessageBuilders.connAck()
                    .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                    .sessionPresent(false)
                    .build());
        } else if (type == MqttMessageType.PUBLISH) {
            int packetId = ((MqttPublishMessage) message).variableHeader().packetId();
            ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(packetId).build());
        } else if (type == MqttMessageType.DISCONNECT) {
            ctx.close();
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean ca, GeneralName san)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xFFFF)),
                Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofHours(1))),
                new X500Name(subject),
                subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (san != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
