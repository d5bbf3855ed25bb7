package dev.warden.registry.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** Warden's TLS policy in one place: TLS 1.3 and 1.2 only, ECDHE with AEAD suites only. */
public final class TlsSettings {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    public static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private TlsSettings() {}

    /** A server context presenting {@code chain} and checking client chains with {@code clientTrust}. */
    public static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain, TrustManager clientTrust) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] transientPassword = new char[0];
            store.setKeyEntry("server", key, transientPassword, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, transientPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {clientTrust}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS server context", e);
        }
    }

    /**
     * As {@link #serverContext(PrivateKey, List, TrustManager)}, presenting {@code chain.get()} at each handshake: the
     * key and its certificate ({@code chain.get().get(0)}, never another) stay, the certificates above may change.
     */
    public static SSLContext serverContext(
            PrivateKey key, Supplier<List<X509Certificate>> chain, TrustManager clientTrust) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] transientPassword = new char[0];
            store.setKeyEntry("server", key, transientPassword, chain.get().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, transientPassword);
            KeyManager served = new ServedChainKeyManager((X509ExtendedKeyManager) kmf.getKeyManagers()[0], chain);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {served}, new TrustManager[] {clientTrust}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS server context", e);
        }
    }

    /** A client context that trusts only {@code anchors} and presents {@code key}/{@code chain} when given. */
    public static SSLContext clientContext(List<X509Certificate> anchors, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                trust.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", key, new char[0], chain.toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS client context", e);
        }
    }
}
