package dev.warden.gateway;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual-TLS settings of the gateway: TLS 1.3 and 1.2 only, ECDHE key exchange with AEAD ciphers only, and a client
 * certificate required and verified by the caller's trust manager (the server passes its dynamic trust of issuing
 * and manufacturer CAs). BoringSSL (netty-tcnative) is used when it loads, the JDK provider otherwise.
 *
 * <p>The credentials supplier is asked for every new connection; when it returns credentials that differ (not merely
 * another object holding the same key and chain) the context is rebuilt, so a renewed server certificate applies to
 * new connections without a restart. All connections share one context otherwise: building one costs far more than
 * a handshake (a PKCS#12 key store with password-based encryption, a test signature, a BoringSSL SSL_CTX). TLS session resumption
 * cannot let a revoked certificate back in: the {@link DeviceAuthenticator} checks the certificate at every CONNECT.
 */
public final class GatewayTls {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayTls.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final Supplier<ServerCredentials> credentials;
    private final X509TrustManager trust;
    private final SslProvider provider;
    private ServerCredentials builtFrom;
    private SslContext context;

    private GatewayTls(Supplier<ServerCredentials> credentials, X509TrustManager trust, SslProvider provider) {
        this.credentials = credentials;
        this.trust = trust;
        this.provider = provider;
    }

    /**
     * Builds the TLS settings and checks them once now, so that a bad key or chain fails at startup.
     *
     * @throws GatewayTlsException if no TLS context can be built from the current credentials
     */
    public static GatewayTls create(Supplier<ServerCredentials> credentials, X509TrustManager trust) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trust, "trust");
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL) {
            LOG.info("Gateway TLS provider: OpenSSL ({})", OpenSsl.versionString());
        } else {
            LOG.info(
                    "Gateway TLS provider: JDK (netty-tcnative unavailable: {})",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        }
        GatewayTls tls = new GatewayTls(credentials, trust, provider);
        tls.context();
        return tls;
    }

    /** OPENSSL (BoringSSL) or JDK. */
    public SslProvider provider() {
        return provider;
    }

    /**
     * Forces a rebuild for the next connection. Call it when the set of trusted CAs changes: the CA names a server
     * advertises in its certificate request are read when the context is built, and JDK-based clients choose their
     * certificate from that list.
     */
    public synchronized void rebuild() {
        builtFrom = null;
    }

    /**
     * The context for a new connection; rebuilt when the supplier hands out new credentials. If a rebuild fails,
     * the previous context stays in use (and the failure is logged), so a bad renewal cannot stop the gateway.
     */
    synchronized SslContext context() {
        ServerCredentials current = Objects.requireNonNull(credentials.get(), "credentials supplier returned null");
        if (current != builtFrom && !current.equals(builtFrom)) {
            try {
                context = build(current);
                LOG.info("Gateway TLS context built for {}", current);
            } catch (GatewayTlsException e) {
                if (context == null) {
                    throw e;
                }
                LOG.error("Keeping the previous gateway TLS context: {}", e.getMessage());
            }
            builtFrom = current;
        }
        return context;
    }

    private SslContext build(ServerCredentials current) {
        requireKeyMatchesCertificate(current);
        try {
            return SslContextBuilder.forServer(
                            current.privateKey(), current.chain().toArray(new X509Certificate[0]))
                    .sslProvider(provider)
                    .trustManager(trust)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new GatewayTlsException("cannot build the gateway TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The OpenSSL provider accepts a key that does not belong to the certificate and only fails in each handshake;
     * a signature made with the key and checked with the certificate's public key catches that at build time.
     */
    private static void requireKeyMatchesCertificate(ServerCredentials current) {
        X509Certificate leaf = current.chain().get(0);
        String algorithm = switch (current.privateKey().getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            throw new GatewayTlsException(
                    "unsupported server key algorithm " + current.privateKey().getAlgorithm(), null);
        }
        try {
            byte[] probe = "warden-gateway key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(current.privateKey());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new GatewayTlsException("the server private key does not belong to " + current, null);
            }
        } catch (GeneralSecurityException e) {
            throw new GatewayTlsException("the server private key does not belong to " + current, e);
        }
    }
}
