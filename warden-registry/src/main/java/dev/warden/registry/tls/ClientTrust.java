package dev.warden.registry.tls;

import java.net.Socket;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust for client certificates: a chain must end at Warden's root (through the issuing CA) or at a registered
 * manufacturer CA. The set of anchors changes at run time (a CA registered for JITP is trusted at once, without a
 * restart). Only the chain is checked here; whether the certificate is ACTIVE is the registry's decision, made per
 * request, so that a resumed TLS session can never bring a revoked certificate back.
 *
 * <p>Devices reconnect with the same chain again and again, and a full PKIX validation (two ECDSA verifications in
 * Java) is the largest cost of a gateway handshake after BoringSSL's own work. So a chain that passed is remembered,
 * by the SHA-256 of its certificates' encodings, together with the time window in which every certificate of its path
 * is valid. A later chain with byte-identical certificates passes if the time is still inside that window: PKIX
 * depends on nothing else but the anchors, and the remembered chains belong to one set of anchors, so a change of the
 * anchors (a manufacturer CA removed) forgets them all at once. Only successes are remembered; the TLS handshake
 * still proves possession of the leaf's key every time. A deactivated manufacturer CA is an anchor only for a leaf the
 * registry already holds (its existing devices); such a chain is remembered too, since registry membership does not
 * change what PKIX decides and the registry decides each request anyway.
 */
public final class ClientTrust extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTrust.class);
    /** Enough for a large fleet reconnecting; past it the memory is cleared and chains are validated afresh. */
    static final int MAX_REMEMBERED_CHAINS = 50_000;

    /**
     * The anchors, the issuers announced to clients, and the chains validated against exactly these anchors; and the
     * deactivated manufacturer CAs, anchors only for a leaf that {@code registered} knows.
     */
    private record Trust(
            Set<TrustAnchor> anchors,
            X509Certificate[] acceptedIssuers,
            ValidatedChains validated,
            Set<TrustAnchor> retired,
            Predicate<X509Certificate> registered) {}

    private volatile Trust trust;
    private final List<X509Certificate> intermediates;
    private final X509Certificate root;
    private final Clock clock;

    public ClientTrust(X509Certificate root, List<X509Certificate> intermediates) {
        this(root, intermediates, Clock.systemUTC());
    }

    /** With the clock that decides whether a certificate is valid now (tests). */
    public ClientTrust(X509Certificate root, List<X509Certificate> intermediates, Clock clock) {
        this.root = root;
        this.intermediates = List.copyOf(intermediates);
        this.clock = clock;
        setManufacturerCas(List.of());
    }

    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called after the set of trusted CAs changes (the gateway rebuilds its TLS context to announce them). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** Replaces the set of manufacturer CAs; Warden's own root always stays. Forgets every validated chain. */
    public void setManufacturerCas(List<X509Certificate> manufacturerCas) {
        setManufacturerCas(manufacturerCas, List.of(), leaf -> false);
    }

    /**
     * The same, with deactivated manufacturer CAs: a chain ending at one of them passes only when its leaf is a
     * certificate the registry holds already ({@code registered}), so that a compromised CA's existing devices keep
     * connecting while a certificate newly signed with its key is refused at the handshake. They are not announced
     * to clients: nothing new is invited under them.
     */
    public synchronized void setManufacturerCas(
            List<X509Certificate> manufacturerCas,
            List<X509Certificate> deactivated,
            Predicate<X509Certificate> registered) {
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
        Set<TrustAnchor> retired = new HashSet<>();
        for (X509Certificate ca : deactivated) {
            retired.add(new TrustAnchor(ca, null));
        }
        trust = new Trust(
                Set.copyOf(next),
                issuers.toArray(X509Certificate[]::new),
                new ValidatedChains(MAX_REMEMBERED_CHAINS),
                Set.copyOf(retired),
                registered);
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        validate(chain);
    }

    /**
     * PKIX validation of a client chain against the current anchors, with the clientAuth purpose required; a chain
     * that passed before under the same anchors passes again while all its certificates are still valid.
     */
    public void validate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        Trust current = trust;
        Instant now = clock.instant();
        byte[] digest = ValidatedChains.digest(chain);
        if (current.validated().contains(digest, now)) {
            return;
        }
        List<X509Certificate> path;
        try {
            path = pkixValidate(chain, current.anchors(), now);
        } catch (CertificateException e) {
            if (current.retired().isEmpty() || !current.registered().test(chain[0])) {
                throw e;
            }
            path = pkixValidate(chain, current.retired(), now);
        }
        current.validated().add(digest, path);
    }

    /** The full validation; returns the validated path (anchors excluded). */
    private List<X509Certificate> pkixValidate(X509Certificate[] chain, Set<TrustAnchor> anchors, Instant now)
            throws CertificateException {
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
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            List<String> eku = chain[0].getExtendedKeyUsage();
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.2")) {
                throw new CertificateException("client certificate is not for client authentication");
            }
            return path;
        } catch (CertPathValidatorException e) {
            throw new CertificateException("client certificate chain not trusted: " + e.getReason(), e);
        } catch (java.security.GeneralSecurityException e) {
            throw new CertificateException("client certificate chain not trusted", e);
        } catch (RuntimeException e) {
            // A fault of ours, not the client's: the TLS stack would turn it into an internal_error alert and say
            // nothing, so it is logged here (certificates are public) and the handshake is refused all the same.
            LOG.warn(
                    "client certificate {} could not be validated",
                    chain[0].getSerialNumber().toString(16),
                    e);
            throw new CertificateException("client certificate chain could not be validated", e);
        }
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

    /** Chains remembered as validated under the current anchors (tests). */
    int rememberedChains() {
        return trust.validated().size();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.acceptedIssuers().clone();
    }
}
