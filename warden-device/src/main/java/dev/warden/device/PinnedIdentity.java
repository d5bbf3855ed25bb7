package dev.warden.device;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A {@link KeyManagerFactory} that presents exactly one client identity: a key that cannot be put in an in-memory
 * key store because it cannot be exported (a PKCS#11 token's), with its chain. A key manager over the token's whole
 * SunPKCS11 key store would choose among every key the token holds (a secure element may hold several identities,
 * a test token every test's); this one offers the device's key and nothing else. The handshake signs with the key
 * through its (registered) token provider.
 */
final class PinnedIdentity extends KeyManagerFactory {
    private static final String ALIAS = "device";

    private PinnedIdentity(KeyManager manager) {
        super(new Spi(manager), null, "WardenPinned");
    }

    static KeyManagerFactory of(PrivateKey key, List<X509Certificate> chain) {
        return new PinnedIdentity(new Manager(key, chain.toArray(new X509Certificate[0])));
    }

    private static final class Spi extends KeyManagerFactorySpi {
        private final KeyManager manager;

        Spi(KeyManager manager) {
            this.manager = manager;
        }

        @Override
        protected void engineInit(KeyStore ks, char[] password) {}

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {}

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return new KeyManager[] {manager};
        }
    }

    private static final class Manager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        Manager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String[] keyTypes) {
            return keyTypes != null && Arrays.asList(keyTypes).contains(key.getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(new String[] {keyType}) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyTypes);
        }

        /** A device is never a TLS server. */
        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
