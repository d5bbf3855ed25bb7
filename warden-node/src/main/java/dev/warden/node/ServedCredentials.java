package dev.warden.node;

import dev.warden.gateway.ServerCredentials;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The gateway's credentials as served: the key and chain from the node's files, the chain above the leaf as
 * {@code served} makes it (with a member's root replaced by its cross certificate under the deployment root). The
 * gateway rebuilds its TLS context whenever it is handed another object, so the same object is handed out for as long
 * as neither the files' credentials nor the served chain changed.
 */
final class ServedCredentials implements Supplier<ServerCredentials> {
    private final Supplier<ServerCredentials> files;
    private final UnaryOperator<List<X509Certificate>> served;
    private ServerCredentials lastFiles;
    private ServerCredentials current;

    ServedCredentials(Supplier<ServerCredentials> files, UnaryOperator<List<X509Certificate>> served) {
        this.files = files;
        this.served = served;
    }

    @Override
    public synchronized ServerCredentials get() {
        ServerCredentials own = files.get();
        List<X509Certificate> chain = served.apply(own.chain());
        if (own == lastFiles && current.chain().equals(chain)) {
            return current;
        }
        lastFiles = own;
        current = chain.equals(own.chain()) ? own : new ServerCredentials(own.privateKey(), chain);
        return current;
    }
}
