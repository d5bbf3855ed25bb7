package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditKeys;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.LinkClient;
import dev.warden.region.store.RegionStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deployment as this node sees it. The control region makes join tokens (the first one makes this node the
 * control region of a new deployment) and accepts joins ({@link JoinAdmission}); a node joins with a token, after
 * which its IAM follows the control region's and it keeps a copy of the membership ({@link MembershipCopy}). The
 * deployment's tables (residency, standbys, audit region) and the links to members are kept here too. Every step is
 * an audit event, in each region it touches.
 */
public final class RegionService {
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

    private final RegionStore store;
    private final LocalNode local;
    private final RegionEvents events;
    private volatile Supplier<AuditKeys> auditKeys;
    private final ResidencyTable residency;
    /** This node's token key (issuer and JWK, JSON), sent to members while this node is the control region. */
    private volatile String localTokenKey;

    private final MemberLinks links;
    private final StandbyTable standbys;
    private final AuditRegionTable auditRegions;
    private final JoinAdmission admission;
    private final MembershipCopy membership;
    private final DeploymentRoot deploymentRoot;

    /**
     * @param iamKey this node's IAM signing key, the deployment's when this node is (or becomes) its control region
     */
    public RegionService(
            RegionStore store,
            LocalNode local,
            PublicKey iamKey,
            RegionEvents events,
            SecureRandom random,
            Clock clock) {
        this.store = store;
        this.local = local;
        this.events = events;
        this.residency = new ResidencyTable(store, events, clock);
        this.links = new MemberLinks(store, local);
        this.standbys = new StandbyTable(store, events, links::active, this::jurisdictions);
        this.auditRegions = new AuditRegionTable(
                store,
                events,
                local.identity().region(),
                links::active,
                () -> auditKeys == null ? null : auditKeys.get());
        this.deploymentRoot = new DeploymentRoot(store, local, events, clock);
        this.admission =
                new JoinAdmission(store, local, iamKey, events, random, clock, links, deploymentRoot, this::describe);
        this.membership =
                new MembershipCopy(store, local, events, clock, links, residency, auditRegions, deploymentRoot);
    }

    /** Sends this region's audit-signing keys with a join from now on, for the audit region to pin (central audit). */
    public void sendAuditKeysOnJoin(Supplier<AuditKeys> keys) {
        this.auditKeys = keys;
    }

    public LocalNode local() {
        return local;
    }

    public Optional<Deployment> deployment() {
        return store.deployment();
    }

    public List<Member> members() {
        return store.members();
    }

    /** A one-time token for {@code region} to join; makes this node the control region of a new deployment if needed. */
    public String createJoinToken(String region, Duration ttl) {
        return admission.createJoinToken(region, ttl);
    }

    /** The control region's side of a join: checks the token and the joining node's certificates, adds the member. */
    public Map<String, Object> acceptJoin(JsonNode request) {
        return admission.acceptJoin(request);
    }

    /**
     * Joins the deployment whose control region made {@code encodedToken}; returns the deployment joined.
     *
     * @param controlUrl where this node reaches the control region's link, when not at the URL in the token (a proxy,
     *                   another network path); the TLS identity checked is the same
     */
    public Deployment join(String encodedToken, Optional<String> controlUrl) {
        return membership.join(encodedToken, controlUrl, auditKeys);
    }

    /**
     * A member's copy of the membership, refreshed from the control region: regions that joined after this one, or
     * left. The control region's own link URL is kept as this node stored it (it may reach it another way).
     */
    public void refreshMembers() {
        membership.refresh();
    }

    /**
     * Publishes this node's token-signing public key ({@code {"issuer": ..., "jwk": ...}}): while it is the control
     * region, members receive it and accept the tokens it issues.
     */
    public void publishTokenKey(String json) {
        this.localTokenKey = json;
    }

    /** In a member, the control region's token key as last received (JSON), or empty. */
    public String controlTokenKey() {
        return store.deployment()
                .filter(d -> !d.isControl())
                .map(d -> store.tokenKey())
                .orElse("");
    }

    /** The deployment's residency table (a member's copy of the control region's). */
    public Jurisdictions jurisdictions() {
        return residency.current();
    }

    /** Sets jurisdiction {@code name} to exactly {@code regions}; see {@link ResidencyTable#put}. */
    public Jurisdictions putJurisdiction(String name, List<String> regions) {
        return residency.put(name, regions);
    }

    /** Names {@code region} the deployment's audit region; see {@link AuditRegionTable#set}. */
    public Deployment setAuditRegion(String region) {
        return auditRegions.set(region);
    }

    /** Names {@code standby} as {@code region}'s standby (empty: none); see {@link StandbyTable#set}. */
    public Member setStandby(String region, String standby) {
        return standbys.set(region, standby);
    }

    /** A member leaves: the control region is told (and records it), then this node is on its own again. */
    public void leave() {
        membership.leave();
    }

    /** The control region's side of a leave. */
    public void memberLeft(String region) {
        Member m = activeMember(region)
                .orElseThrow(() -> new RegionException(RegionReason.UNKNOWN_REGION, "no member region " + region));
        store.database().useTransaction(h -> {
            store.putMember(h, m.withStatus(Member.Status.LEFT));
            deploymentRoot.forget(h, region);
        });
        events.memberRemoved(region);
    }

    /** What a member is told of the deployment: its regions, the control and audit regions, the IAM signing key. */
    public Map<String, Object> describe(Deployment d) {
        List<Member> members = store.members();
        Map<String, Object> reply =
                MembershipJson.describe(d, members, store.jurisdictions(), d.isControl() ? localTokenKey : null);
        if (d.isControl()) {
            reply.put("auditKeys", auditRegions.keysForMembership(members));
        }
        return reply;
    }

    /**
     * The control region's answer to a member's membership refresh: {@link #describe} with the member's cross
     * certificate, issued now if it has none yet.
     */
    public Map<String, Object> describeFor(String member) {
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        Map<String, Object> reply = describe(d);
        if (d.isControl()) {
            deploymentRoot.forMember(member).ifPresent(pem -> reply.put(DeploymentRoot.FIELD, pem));
        }
        return reply;
    }

    /**
     * The deployment root, the one certificate that devices and operators pin for every region: the control region's
     * root (this region's own when it is the control region or on its own).
     */
    public X509Certificate deploymentRoot() {
        return deploymentRoot.anchor();
    }

    /**
     * In a member, its root's cross certificate under the deployment root, which its servers present in place of its
     * root; empty in the control region, in a region on its own, and in a member that has none yet.
     */
    public Optional<X509Certificate> crossCertificate() {
        return deploymentRoot.own();
    }

    /** A link client for the control region, trusting only its registered root. */
    public LinkClient controlClient() {
        return links.controlClient();
    }

    /** A link client for member region {@code region}, trusting only its registered root. */
    public LinkClient memberClient(String region) {
        return links.client(region);
    }

    /** The pinned root of an active member region (the control region included). */
    public Optional<X509Certificate> memberRoot(String region) {
        return links.root(region);
    }

    /** Every active member's root: whom the link server lets finish a TLS handshake. */
    public List<X509Certificate> memberRoots() {
        return links.roots();
    }

    /** The active member region of that name, if any. */
    public Optional<Member> activeMember(String region) {
        return links.active(region);
    }

    static String requireName(String name) {
        if (!RegionNode.isRegionName(name)) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a region or node name");
        }
        return name;
    }
}
