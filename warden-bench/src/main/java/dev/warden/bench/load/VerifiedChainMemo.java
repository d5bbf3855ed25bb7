package dev.warden.bench.load;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The load generator's server check: the JDK's PKIX validation with host name verification, run once for each
 * distinct server chain, after which a chain with exactly the same bytes is trusted without running it again. Every
 * device sees the same server certificate, and the JDK verifies each ECDSA signature of the chain in Java: the
 * generator's CPU per connection went from 1.0–1.2 ms to 0.77–0.96 ms without it, CPU that a shared machine gives
 * back to the broker under test. The answer for identical bytes, the same host and the same trust anchors cannot
 * differ (until the certificate expires, which no run outlives). Client side only; the brokers' checks of devices are
 * untouched.
 */
final class VerifiedChainMemo extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private volatile Verified verified = new Verified(null, List.of());

    /** A chain that passed for {@code host}. */
    private record Verified(String host, List<ByteBuffer> chain) {}

    VerifiedChainMemo(TrustManagerFactory factory) {
        this.pkix = Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no X509ExtendedTrustManager"));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        List<ByteBuffer> encoded = encoded(chain);
        Verified last = verified;
        String host = engine.getPeerHost();
        if (host == null || !host.equals(last.host()) || !encoded.equals(last.chain())) {
            pkix.checkServerTrusted(chain, authType, engine); // throws unless valid for the engine's peer host
            verified = new Verified(host, encoded);
        }
    }

    /** The chain's DER encodings, compared by content. */
    private static List<ByteBuffer> encoded(X509Certificate[] chain) throws CertificateEncodingException {
        List<ByteBuffer> encoded = new ArrayList<>(chain.length);
        for (X509Certificate certificate : chain) {
            encoded.add(ByteBuffer.wrap(certificate.getEncoded()));
        }
        return encoded;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the load generator is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the load generator is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the load generator is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
