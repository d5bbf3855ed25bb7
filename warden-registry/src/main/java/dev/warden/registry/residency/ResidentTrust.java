package dev.warden.registry.residency;

import dev.warden.registry.tls.ClientTrust;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The gateway's client trust in a deployment: this region's own ({@link ClientTrust}: its root and the manufacturer
 * CAs) and, for a chain that one refuses, the roots of the deployment's other active regions. A device of another
 * region thus finishes its handshake and can be told at CONNECT where it belongs
 * ({@link ResidentDeviceAuthenticator}) instead of failing here unnamed; it is never let in. A chain neither trusts is
 * refused with this region's own reason, as before. The gateway uses it, and the admin API's listener for
 * {@code GET /discovery} alone (the API refuses such chains on every other route).
 * Called on I/O threads: reads {@link Residency}'s snapshot, never the database.
 */
public final class ResidentTrust extends X509ExtendedTrustManager {
    private final ClientTrust local;
    private final Residency residency;

    public ResidentTrust(ClientTrust local, Residency residency) {
        this.local = local;
        this.residency = residency;
    }

    /** Called when the CAs announced to clients change, here or in the deployment. */
    public void onChange(Runnable listener) {
        local.onChange(listener);
        residency.onChange(listener);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        try {
            local.validate(chain);
        } catch (CertificateException refused) {
            if (!residency.trusts(chain)) {
                throw refused;
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("server trust is not decided here");
    }

    /** This region's issuers, then the other regions' roots (JDK clients pick their certificate from this list). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        Set<X509Certificate> issuers = new LinkedHashSet<>(List.of(local.getAcceptedIssuers()));
        issuers.addAll(residency.roots());
        return issuers.toArray(X509Certificate[]::new);
    }
}
