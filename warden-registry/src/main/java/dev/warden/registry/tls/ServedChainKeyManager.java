package dev.warden.registry.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's key manager whose certificate chain is asked for at each handshake: the key and its certificate stay,
 * what is presented above them may change while the server runs (a member region's root cross-certified by the
 * deployment root, which arrives with the join).
 */
final class ServedChainKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;
    private final Supplier<List<X509Certificate>> chain;

    ServedChainKeyManager(X509ExtendedKeyManager delegate, Supplier<List<X509Certificate>> chain) {
        this.delegate = delegate;
        this.chain = chain;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509Certificate[] own = delegate.getCertificateChain(alias);
        if (own == null) {
            return null;
        }
        List<X509Certificate> served = chain.get();
        // Only ever above this key's own certificate: a chain for another leaf is never presented with this key.
        return served.isEmpty() || !served.get(0).equals(own[0]) ? own : served.toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return delegate.chooseEngineClientAlias(keyType, issuers, engine);
    }
}
