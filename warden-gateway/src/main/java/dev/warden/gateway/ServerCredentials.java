package dev.warden.gateway;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's own TLS key and certificate chain (leaf first). {@link #toString()} never shows the key.
 */
public record ServerCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    public ServerCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the server certificate");
        }
    }

    @Override
    public String toString() {
        return "ServerCredentials{subject=" + chain.get(0).getSubjectX500Principal() + ", chainLength=" + chain.size()
                + "}";
    }
}
