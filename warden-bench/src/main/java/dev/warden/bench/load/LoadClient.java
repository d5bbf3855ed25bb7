package dev.warden.bench.load;

import java.net.InetAddress;
import java.security.cert.X509Certificate;

/**
 * Opens device connections for the load generator. Two implementations, chosen with {@code --client}: the device
 * SDK's HiveMQ client (JDK TLS, one client and SSL context per device) and a lean one on Netty and BoringSSL, so that
 * on a small machine the generator's own CPU does not set the pace for both brokers.
 */
interface LoadClient extends AutoCloseable {
    /** A new, not yet connected connection of {@code device} to 127.0.0.1:{@code port} from {@code source}. */
    LoadConnection open(BenchDevice device, int port, InetAddress source);

    /** Releases shared resources (event loops, TLS context); never throws. */
    @Override
    void close();

    /** {@code netty} or {@code hivemq}, both trusting only {@code root}. */
    static LoadClient create(String kind, X509Certificate root) {
        return switch (kind) {
            case "netty" -> new NettyLoadClient(root);
            case "hivemq" -> new HiveMqLoadClient(root);
            default -> throw new IllegalArgumentException("--client is netty or hivemq, not " + kind);
        };
    }
}
