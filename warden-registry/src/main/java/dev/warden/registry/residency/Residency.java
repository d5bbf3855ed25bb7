package dev.warden.registry.residency;

import dev.warden.policy.Arn;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which region a client certificate chain belongs to, when it is another region of the deployment. A chain is region
 * R's device when it validates (PKIX, clientAuth, valid now) up to R's pinned root and its leaf's URI names a thing or
 * claim of this account in R ({@code arn:warden:iot:R:<account>:thing/<name>}): both must agree, so one region's CA
 * cannot send a device anywhere but home.
 *
 * <p>The other regions are a snapshot taken by {@link #refresh()} (which may block on the node's database), so that a
 * TLS handshake, on an I/O thread, only reads memory. The node refreshes it whenever the membership changes; a
 * region that left is no longer recognised from then on.
 */
public final class Residency {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int URI_NAME = 6;
    /** Distinct CA certificates seen at the top of chains: a handful (one per region) unless someone is probing. */
    private static final int MAX_REMEMBERED_ISSUERS = 1_000;

    /** A device of another region: that region and the ARN the certificate names. */
    public record Home(HomeRegion region, String device) {}

    private final String account;
    private final DeploymentRegions source;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    /**
     * The other regions as read at {@code takenAt}, and which of their roots signed each CA certificate seen at the
     * top of a chain since ("" for none).
     */
    private record Snapshot(List<HomeRegion> regions, Instant takenAt, Map<X509Certificate, String> signedBy) {
        Snapshot(List<HomeRegion> regions, Instant takenAt) {
            this(List.copyOf(regions), takenAt, new ConcurrentHashMap<>());
        }

        List<X509Certificate> roots() {
            return regions.stream().map(HomeRegion::root).toList();
        }
    }

    /** @param account the account this region's devices are named under; another's are never recognised */
    public Residency(String account, DeploymentRegions source, Clock clock) {
        this.account = account;
        this.source = source;
        this.clock = clock;
    }

    /** Called after the other regions' roots changed (the gateway rebuilds its TLS context to announce them). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Reads the other regions again. May block. */
    public synchronized void refresh() {
        Snapshot next = new Snapshot(source.others(), clock.instant());
        List<X509Certificate> before = snapshot.roots();
        snapshot = next;
        if (!before.equals(next.roots())) {
            listeners.forEach(Runnable::run);
        }
    }

    /** As {@link #refresh()}, unless the snapshot is younger than {@code maxAge}. May block. */
    public void refreshIfOlderThan(Duration maxAge) {
        if (Duration.between(snapshot.takenAt(), clock.instant()).compareTo(maxAge) >= 0) {
            refresh();
        }
    }

    /** The other regions as of the last refresh. */
    public List<HomeRegion> regions() {
        return snapshot.regions();
    }

    List<X509Certificate> roots() {
        return snapshot.roots();
    }

    /** Whether {@code chain} validates up to one of the other regions' roots (a TLS handshake may then finish). */
    boolean trusts(X509Certificate[] chain) {
        Instant now = clock.instant();
        return snapshot.regions().stream().anyMatch(r -> validatesTo(chain, r.root(), now));
    }

    /**
     * Whether the top of {@code chain} was signed by one of the other regions' roots: cheap after the first time for
     * each CA certificate, so that the CONNECTs of this region's own devices pay only a map lookup for residency.
     */
    boolean mayBeForeign(X509Certificate[] chain) {
        Snapshot taken = snapshot;
        List<HomeRegion> current = taken.regions();
        if (current.isEmpty() || chain == null || chain.length == 0) {
            return false;
        }
        X509Certificate top = top(chain, current);
        if (current.stream().noneMatch(r -> r.root().getSubjectX500Principal().equals(top.getIssuerX500Principal()))) {
            return false;
        }
        Map<X509Certificate, String> memo = taken.signedBy();
        if (memo.size() >= MAX_REMEMBERED_ISSUERS) {
            memo.clear();
        }
        return !memo.computeIfAbsent(top, t -> signer(t, current)).isEmpty();
    }

    /** The other region whose device {@code chain} is, if it is one (see the class comment). */
    public Optional<Home> homeOf(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Arn> named = namedDevice(chain[0]);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return snapshot.regions().stream()
                .filter(r -> r.region().equals(named.get().region()))
                .filter(r -> validatesTo(chain, r.root(), now))
                .findFirst()
                .map(r -> new Home(r, named.get().toString()));
    }

    /** The thing or claim of this account that the leaf's URI names, with its region. */
    private Optional<Arn> namedDevice(X509Certificate leaf) {
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            List<Arn> devices = names.stream()
                    .filter(n -> ((Integer) n.get(0)) == URI_NAME)
                    .map(n -> Arn.tryParse((String) n.get(1)))
                    .flatMap(Optional::stream)
                    .filter(a -> "iot".equals(a.service())
                            && account.equals(a.account())
                            && !a.region().isEmpty()
                            && (a.resource().startsWith("thing/")
                                    || a.resource().startsWith("claim/")))
                    .toList();
            return devices.size() == 1 ? Optional.of(devices.get(0)) : Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    /** The certificate of {@code chain} a root would have signed: the last one that is not itself a root. */
    private static X509Certificate top(X509Certificate[] chain, List<HomeRegion> current) {
        for (int i = chain.length - 1; i > 0; i--) {
            X509Certificate c = chain[i];
            if (current.stream().noneMatch(r -> r.root().equals(c))) {
                return c;
            }
        }
        return chain[0];
    }

    private static String signer(X509Certificate certificate, List<HomeRegion> current) {
        for (HomeRegion r : current) {
            try {
                certificate.verify(r.root().getPublicKey());
                return r.region();
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this root's
            }
        }
        return "";
    }

    /** PKIX up to exactly {@code root}, at {@code now}, and a leaf for client authentication. */
    static boolean validatesTo(X509Certificate[] chain, X509Certificate root, Instant now) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            List<X509Certificate> path =
                    Arrays.stream(chain).filter(c -> !c.equals(root)).toList();
            if (path.isEmpty()) {
                return false;
            }
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            List<String> eku = chain[0].getExtendedKeyUsage();
            return eku == null || eku.contains(CLIENT_AUTH);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
