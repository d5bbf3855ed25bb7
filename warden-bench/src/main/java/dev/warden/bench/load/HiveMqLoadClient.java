package dev.warden.bench.load;

import java.net.InetAddress;
import java.security.cert.X509Certificate;

/** Connections made with the device SDK's HiveMQ client, each with its own JDK SSL context. */
final class HiveMqLoadClient implements LoadClient {
    private final X509Certificate root;

    HiveMqLoadClient(X509Certificate root) {
        this.root = root;
    }

    @Override
    public LoadConnection open(BenchDevice device, int port, InetAddress source) {
        return new HiveMqLoadConnection(device, root, port, source);
    }

    @Override
    public void close() {
        // Each HiveMQ client owns its resources; nothing is shared.
    }
}
