package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.CrossCertificates;
import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.store.RegionStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trust anchor for the whole deployment: the control region's root. The control region cross-certifies each
 * member's root with it (at the join, or, for a member that joined before cross-certification existed or while the
 * root key was offline, at the member's next membership refresh) and keeps what it issued; the member checks the
 * cross certificate against the control region's pinned root and its own root, keeps it, and presents it in its
 * servers' chains in place of its own root. Nothing already issued changes: a cross certificate only adds a second
 * way up from the member's root.
 */
final class DeploymentRoot {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRoot.class);

    /** The JOIN and DEPLOYMENT answers' field: the calling member's cross certificate (PEM). */
    static final String FIELD = "crossCertificate";

    private final RegionStore store;
    private final LocalNode local;
    private final RegionEvents events;
    private final Clock clock;
    /** Members whose cross-certification failed since it last succeeded (the failure is audited once). */
    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    /** A member's own cross certificate as kept (null: not read yet); read from the store once, then kept in step. */
    private volatile Optional<X509Certificate> own;

    DeploymentRoot(RegionStore store, LocalNode local, RegionEvents events, Clock clock) {
        this.store = store;
        this.local = local;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The deployment root: the control region's pinned root while in a deployment, this region's own root when on its
     * own (a deployment of one).
     */
    X509Certificate anchor() {
        Optional<Deployment> d = store.deployment();
        if (d.isEmpty() || d.get().isControl()) {
            return local.root();
        }
        return store.members().stream()
                .filter(m -> m.region().equals(d.get().controlRegion()))
                .map(m -> Pem.parseCertificate(m.rootPem()))
                .findFirst()
                .orElse(local.root());
    }

    /**
     * In the control region: {@code member}'s cross certificate, made now; empty (and audited as refused) when the
     * root cannot sign. A join does not fail for it: the member gets one at a later refresh.
     */
    Optional<X509Certificate> certify(String member, X509Certificate memberRoot) {
        try {
            X509Certificate cross = local.rootSigner().certify(memberRoot);
            refusedOnce.remove(member);
            return Optional.of(cross);
        } catch (PkiException e) {
            // A member asks every few seconds: the refusal is logged and audited once, not at each refresh.
            if (refusedOnce.add(member)) {
                LOG.warn("cannot cross-certify region {}'s root: {}", member, e.reason());
                events.crossCertifyFailed(member, e.reason().name());
            }
            return Optional.empty();
        }
    }

    /** In the control region, in the caller's transaction: keeps the cross certificate issued for {@code member}. */
    void keep(Handle handle, String member, X509Certificate cross) {
        store.putCrossCertificate(handle, member, Pem.encode(cross), clock.instant());
    }

    /** In the control region, after the commit: audits the issue. */
    void issued(String member, X509Certificate cross) {
        events.crossCertified(member, cross);
    }

    /**
     * In the control region, answering {@code member}'s membership refresh: its cross certificate, issued now if it
     * has none yet (it joined before cross-certification, or the root key was offline then).
     */
    synchronized Optional<String> forMember(String member) {
        Optional<Member> active = store.members().stream()
                .filter(m -> m.active() && m.region().equals(member))
                .findFirst();
        if (active.isEmpty() || member.equals(local.identity().region())) {
            return Optional.empty();
        }
        Optional<String> kept = store.crossCertificate(member);
        if (kept.isPresent()) {
            return kept;
        }
        Optional<X509Certificate> cross =
                certify(member, Pem.parseCertificate(active.get().rootPem()));
        cross.ifPresent(c -> {
            store.database().useTransaction(h -> keep(h, member, c));
            issued(member, c);
        });
        return cross.map(Pem::encode);
    }

    /**
     * In a member, with the control region's JOIN or DEPLOYMENT answer: keeps the cross certificate it carries when it
     * is new and certifies this region's root under {@code controlRoot} (else refuses it, audited, keeping what it
     * had).
     */
    synchronized void receive(JsonNode reply, String controlRegion, X509Certificate controlRoot) {
        String pem = reply.path(FIELD).asText("");
        if (pem.isEmpty() || pem.equals(own().map(Pem::encode).orElse(""))) {
            return;
        }
        X509Certificate cross;
        try {
            cross = Pem.parseCertificate(pem);
        } catch (RuntimeException e) {
            LOG.warn("the control region sent a cross certificate that does not parse; kept none");
            return;
        }
        if (!CrossCertificates.certifies(cross, local.root(), controlRoot)) {
            events.crossCertificateReceived(controlRegion, cross, false, "NOT_THIS_REGIONS_ROOT");
            return;
        }
        store.database()
                .useTransaction(h ->
                        store.putCrossCertificate(h, local.identity().region(), Pem.encode(cross), clock.instant()));
        own = Optional.of(cross);
        events.crossCertificateReceived(controlRegion, cross, true, null);
    }

    /** In the control region, in the caller's transaction: a member left, its cross certificate is no longer served. */
    void forget(Handle handle, String member) {
        store.forgetCrossCertificate(handle, member);
    }

    /** This region left its deployment (the store dropped its cross certificate with it). */
    void left() {
        own = Optional.empty();
    }

    /** A member's own cross certificate, if it has one; empty in the control region and in a region on its own. */
    Optional<X509Certificate> own() {
        Optional<X509Certificate> known = own;
        if (known == null) {
            boolean member = store.deployment().filter(d -> !d.isControl()).isPresent();
            known = member
                    ? store.crossCertificate(local.identity().region()).map(Pem::parseCertificate)
                    : Optional.empty();
            own = known;
        }
        return known;
    }
}
