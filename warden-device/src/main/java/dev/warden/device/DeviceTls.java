package dev.warden.device;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for the device: trust in exactly one Warden root (never the JDK's default CAs, never verification
 * turned off) and the device's own key and chain. TLS 1.3 and 1.2 only.
 */
public final class DeviceTls {
    /** The protocols the device offers, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private DeviceTls() {}

    /** Trusts {@code root} and nothing else; the server sends its intermediates. */
    public static TrustManagerFactory trustOnly(X509Certificate root) {
        Objects.requireNonNull(root, "root");
        return trustOnly(List.of(root));
    }

    /** Trusts exactly {@code roots}: a device that may roam trusts its deployment's regions' roots, no others. */
    public static TrustManagerFactory trustOnly(List<X509Certificate> roots) {
        if (roots == null || roots.isEmpty()) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "no Warden root to trust");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                store.setCertificateEntry("warden-root-" + i, roots.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException(DeviceErrorReason.TLS_FAILED, "cannot build the trust store", e);
        }
    }

    /**
     * Presents {@code key} with {@code chain} (leaf first) as the client certificate. A key that cannot be exported
     * (held in a PKCS#11 token, see {@link TokenKeys}) is presented as it is, never copied into a key store.
     */
    public static KeyManagerFactory identity(PrivateKey key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        if (isHeldInToken(key)) {
            return PinnedIdentity.of(key, chain);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            // In-memory only: the empty password protects nothing and is never written anywhere.
            store.setKeyEntry("device", key, new char[0], chain.toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, new char[0]);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException(DeviceErrorReason.CREDENTIALS_INVALID, "cannot load the device key for TLS", e);
        }
    }

    /** True for a key whose bytes this process cannot read: a PKCS#11 token's (sensitive, non-extractable). */
    static boolean isHeldInToken(PrivateKey key) {
        return key.getEncoded() == null;
    }

    /** A JDK context trusting only {@code root}, presenting {@code identity} when it is not null. */
    public static SSLContext context(X509Certificate root, KeyManagerFactory identity) {
        return context(List.of(Objects.requireNonNull(root, "root")), identity);
    }

    /** A JDK context trusting exactly {@code roots}, presenting {@code identity} when it is not null. */
    public static SSLContext context(List<X509Certificate> roots, KeyManagerFactory identity) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    identity == null ? null : identity.getKeyManagers(),
                    trustOnly(roots).getTrustManagers(),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new DeviceException(DeviceErrorReason.TLS_FAILED, "cannot build the TLS context", e);
        }
    }

    /** Parameters restricting a client to {@link #PROTOCOLS}, with HTTPS host name verification on. */
    static SSLParameters clientParameters(SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
