package dev.warden.bench.load;

import dev.warden.device.DeviceTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The lean load generator: every device connection runs on one shared event loop group (one thread per core, epoll
 * when available) with one shared BoringSSL client context, so a connection costs the generator about what it costs
 * a native broker, not the 4–5 ms of JDK TLS in the HiveMQ client.
 *
 * <p>TLS as the device SDK does it: TLS 1.3 and 1.2, trust in the Warden root only, the server's certificate checked
 * against 127.0.0.1 (HTTPS endpoint identification, as the HiveMQ client sets it; no SNI is sent for an IP address),
 * once per distinct server chain ({@link VerifiedChainMemo}).
 * The client session cache is off: a device must never resume a session, least of all another device's (the cache is
 * keyed by host and port, which all devices share), and every handshake stays a full one, as with the HiveMQ client.
 */
final class NettyLoadClient implements LoadClient {
    static final int TIMEOUT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final DeviceKeyManager keys = new DeviceKeyManager();

    NettyLoadClient(X509Certificate root) {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("netty-tcnative (BoringSSL) is unavailable", OpenSsl.unavailabilityCause());
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // Daemon threads: a harness that fails half-way still exits.
        this.group = new MultiThreadIoEventLoopGroup(
                Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("load-netty", true), io);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try {
            this.tls = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.OPENSSL)
                    .keyManager(keys)
                    .trustManager(new VerifiedChainMemo(DeviceTls.trustOnly(root)))
                    .protocols(DeviceTls.PROTOCOLS)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
        ((OpenSslSessionContext) tls.sessionContext()).setSessionCacheEnabled(false);
    }

    @Override
    public LoadConnection open(BenchDevice device, int port, InetAddress source) {
        return new NettyLoadConnection(device, port, source, bootstrap, tls, keys);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
