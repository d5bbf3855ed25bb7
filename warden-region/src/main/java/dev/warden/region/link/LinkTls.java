package dev.warden.region.link;

import dev.warden.pki.Fingerprints;
import dev.warden.registry.tls.TlsSettings;
import java.net.InetAddress;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS contexts of region links. A link server accepts client chains up to any member region's pinned root (the
 * route then checks that the chain ends at the root of the region the certificate names); a link client trusts only
 * the called region's root, or, when joining, only a root with the fingerprint the join token carries.
 */
public final class LinkTls {
    private LinkTls() {}

    /** The server side: our node certificate, client chains checked against {@code memberRoots} at each handshake. */
    public static SSLContext serverContext(
            PrivateKey key, List<X509Certificate> chain, Supplier<List<X509Certificate>> memberRoots) {
        return TlsSettings.serverContext(key, chain, new MemberRootsTrust(memberRoots));
    }

    /** A client calling a member region: presents our node certificate, trusts only {@code peerRoot}. */
    public static SSLSocketFactory clientFactory(
            PrivateKey key, List<X509Certificate> chain, X509Certificate peerRoot) {
        return new PolicySocketFactory(
                TlsSettings.clientContext(List.of(peerRoot), key, chain).getSocketFactory());
    }

    /** A client joining: no certificate of ours, trusts only a chain ending at the root with this SHA-256 fingerprint. */
    public static SSLSocketFactory pinnedFactory(String rootFingerprint) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedRootTrust(rootFingerprint)}, new SecureRandom());
            return new PolicySocketFactory(context.getSocketFactory());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the join TLS context", e);
        }
    }

    /** Accepts client chains that validate up to one of the member roots of the moment. */
    private record MemberRootsTrust(Supplier<List<X509Certificate>> roots) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            for (X509Certificate root : roots.get()) {
                if (PeerCertificates.chainsTo(chain, root)) {
                    return;
                }
            }
            throw new CertificateException("not a member region's certificate");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a link server never checks servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return roots.get().toArray(X509Certificate[]::new);
        }
    }

    /** Accepts a server chain that includes the pinned root and validates up to it. */
    private record PinnedRootTrust(String fingerprint) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            for (X509Certificate certificate : chain) {
                if (Fingerprints.sha256Hex(certificate).equals(fingerprint)
                        && PeerCertificates.chainsTo(chain, certificate)) {
                    return;
                }
            }
            throw new CertificateException("the control region's root is not the one the join token names");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a joining client never checks clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Restricts every client socket to Warden's TLS policy, as the servers are. */
    private static final class PolicySocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        PolicySocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket restrict(Socket socket) {
            SSLSocket ssl = (SSLSocket) socket;
            ssl.setEnabledProtocols(TlsSettings.PROTOCOLS);
            ssl.setEnabledCipherSuites(TlsSettings.CIPHER_SUITES);
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return TlsSettings.CIPHER_SUITES.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return TlsSettings.CIPHER_SUITES.clone();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws java.io.IOException {
            return restrict(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket() throws java.io.IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                throws java.io.IOException {
            return restrict(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws java.io.IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
