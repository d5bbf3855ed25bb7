package dev.warden.region.service;

import dev.warden.pki.Pem;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkTls;
import dev.warden.region.store.RegionStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The deployment's members as this node reaches them: their pinned roots, and one link client per member. */
final class MemberLinks {
    private final RegionStore store;
    private final LocalNode local;
    /** One client per member region and its link URL and root, so that its TLS connections are reused. */
    private final ConcurrentMap<String, Map.Entry<String, LinkClient>> clients = new ConcurrentHashMap<>();

    MemberLinks(RegionStore store, LocalNode local) {
        this.store = store;
        this.local = local;
    }

    LinkClient controlClient() {
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        return client(d.controlRegion());
    }

    LinkClient client(String region) {
        Member member = store.members().stream()
                .filter(m -> m.region().equals(region))
                .findFirst()
                .orElseThrow(
                        () -> new RegionException(RegionReason.UNKNOWN_REGION, "region " + region + " is unknown"));
        String key = member.linkUrl() + "\n" + member.rootPem();
        Map.Entry<String, LinkClient> cached = clients.get(region);
        if (cached == null || !cached.getKey().equals(key)) {
            // One client (one socket factory) per region and URL: its TLS connections stay in the keep-alive pool, so
            // a long poll that ends is followed at once by the next, without a new handshake.
            cached = Map.entry(
                    key,
                    new LinkClient(
                            member.linkUrl(),
                            member.region(),
                            LinkTls.clientFactory(
                                    local.linkKey(), local.chain(), Pem.parseCertificate(member.rootPem()))));
            clients.put(region, cached);
        }
        return cached.getValue();
    }

    Optional<X509Certificate> root(String region) {
        return active(region).map(m -> Pem.parseCertificate(m.rootPem()));
    }

    List<X509Certificate> roots() {
        return store.members().stream()
                .filter(Member::active)
                .map(m -> Pem.parseCertificate(m.rootPem()))
                .toList();
    }

    Optional<Member> active(String region) {
        return store.members().stream()
                .filter(m -> m.active() && m.region().equals(region))
                .findFirst();
    }
}
