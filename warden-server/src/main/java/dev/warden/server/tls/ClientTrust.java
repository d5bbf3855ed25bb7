package dev.warden.server.tls;

import java.net.Socket;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for client certificates: a chain must end at Warden's root (through the issuing CA) or at a registered
 * manufacturer CA. The set of anchors changes at run time (a CA registered for JITP is trusted at once, without a
 * restart). Only the chain is checked here; whether the certificate is ACTIVE is the registry's decision, made per
 * request, so that a resumed TLS session can never bring a revoked certificate back.
 */
public final class ClientTrust extends X509ExtendedTrustManager {
    private volatile Set<TrustAnchor> anchors;
    private volatile X509Certificate[] acceptedIssuers;
    private final List<X509Certificate> intermediates;

    private final X509Certificate root;

    public ClientTrust(X509Certificate root, List<X509Certificate> intermediates) {
        this.root = root;
        this.intermediates = List.copyOf(intermediates);
        setManufacturerCas(List.of());
    }

    /** Replaces the set of manufacturer CAs; Warden's own root always stays. */
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called after the set of trusted CAs changes (the gateway rebuilds its TLS context to announce them). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public synchronized void setManufacturerCas(List<X509Certificate> manufacturerCas) {
        X509Certificate wardenRoot = root;
        Set<TrustAnchor> next = new HashSet<>();
        next.add(new TrustAnchor(wardenRoot, null));
        List<X509Certificate> issuers = new ArrayList<>(intermediates);
        issuers.add(wardenRoot);
        for (X509Certificate ca : manufacturerCas) {
            next.add(new TrustAnchor(ca, null));
            if (!ca.equals(wardenRoot)) {
                issuers.add(ca);
            }
        }
        anchors = Set.copyOf(next);
        acceptedIssuers = issuers.toArray(X509Certificate[]::new);
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        validate(chain);
    }

    /** PKIX validation of a client chain against the current anchors, with the clientAuth purpose required. */
    public void validate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        try {
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            // A client may send only its leaf: complete the path with our own intermediates.
            if (path.size() == 1) {
                for (X509Certificate intermediate : intermediates) {
                    if (intermediate.getSubjectX500Principal().equals(chain[0].getIssuerX500Principal())) {
                        path.add(intermediate);
                    }
                }
            }
            // Anchors are not part of the path.
            path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)));
            if (path.isEmpty()) {
                throw new CertificateException("a CA certificate is not a client identity");
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            List<String> eku = chain[0].getExtendedKeyUsage();
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.2")) {
                throw new CertificateException("client certificate is not for client authentication");
            }
        } catch (CertPathValidatorException e) {
            throw new CertificateException("client certificate chain not trusted: " + e.getReason(), e);
        } catch (java.security.GeneralSecurityException e) {
            throw new CertificateException("client certificate chain not trusted", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
