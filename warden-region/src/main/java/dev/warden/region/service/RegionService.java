package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditKeys;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.AuditReceiver;
import dev.warden.region.audit.RegionAuditStore;
import dev.warden.region.core.ChangeChain;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.JoinToken;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.link.LinkTls;
import dev.warden.region.link.PeerCertificates;
import dev.warden.region.store.RegionStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The deployment as this node sees it. The control region makes join tokens (the first one makes this node the
 * control region of a new deployment) and accepts joins; a node joins with a token, after which its IAM follows the
 * control region's. Every step is an audit event, in each region it touches.
 */
public final class RegionService {
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final RegionStore store;
    private final LocalNode local;
    private final PublicKey iamKey;
    private final RegionEvents events;
    private final SecureRandom random;
    private final Clock clock;
    private volatile Supplier<AuditKeys> auditKeys;
    private final ResidencyTable residency;
    /** This node's token key (issuer and JWK, JSON), sent to members while this node is the control region. */
    private volatile String localTokenKey;

    private final MemberLinks links;
    private final StandbyTable standbys;
    private final AuditRegionTable auditRegions;
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
        this.iamKey = iamKey;
        this.events = events;
        this.random = random;
        this.clock = clock;
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
        if (!RegionNode.isRegionName(region)) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a region name: " + region);
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a join token lives between 1 s and 7 days");
        }
        Deployment d = store.deployment().orElseGet(this::foundDeployment);
        if (!d.isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION,
                    "join tokens are made in the control region, " + d.controlRegion());
        }
        if (region.equals(local.identity().region()) || activeMember(region).isPresent()) {
            throw new RegionException(RegionReason.REGION_NAME_TAKEN, "region " + region + " is already a member");
        }
        JoinToken token = JoinToken.create(
                local.identity().region(), local.linkUrl(), Fingerprints.sha256Hex(local.root()), random);
        Instant expires = clock.instant().plus(ttl);
        store.addToken(token.secretHash(), region, expires, clock.instant());
        events.tokenCreated(region, expires);
        return token.encode();
    }

    /** The control region's side of a join: checks the token and the joining node's certificates, adds the member. */
    public Map<String, Object> acceptJoin(JsonNode request) {
        String region = request.path("region").asText(null);
        try {
            Deployment d = store.deployment()
                    .filter(Deployment::isControl)
                    .orElseThrow(() -> new RegionException(
                            RegionReason.NOT_CONTROL_REGION, "this region is not a deployment's control region"));
            RegionNode node = new RegionNode(
                    local.identity().account(),
                    requireName(region),
                    requireName(request.path("node").asText(null)));
            X509Certificate root = parse(request.path("root").asText(""));
            String linkUrl = request.path("linkUrl").asText("");
            String fingerprint = checkJoiningNode(request, node, root, linkUrl);
            Optional<X509Certificate> cross = deploymentRoot.certify(region, root);
            AuditKeys keys = auditKeys(request.path("auditKeys"));
            java.util.concurrent.atomic.AtomicReference<AuditKeys> pinned =
                    new java.util.concurrent.atomic.AtomicReference<>();
            String secretHash = JoinToken.hash(request.path("secret").asText(""));
            Member member = new Member(
                    region,
                    node.node(),
                    linkUrl,
                    request.path("mqttUrl").asText(""),
                    Pem.encode(root),
                    Member.Status.ACTIVE,
                    clock.instant());
            store.database().useTransaction(h -> {
                if (!store.useToken(h, secretHash, region, clock.instant())) {
                    throw new RegionException(
                            RegionReason.JOIN_TOKEN_INVALID,
                            "the join token is unknown, used, expired or made for another region");
                }
                if (store.members(h).stream()
                        .anyMatch(m -> m.active() && m.region().equals(region))) {
                    throw new RegionException(RegionReason.REGION_NAME_TAKEN, "region " + region + " is a member");
                }
                store.putMember(h, member);
                cross.ifPresent(c -> deploymentRoot.keep(h, region, c));
                if (keys != null && AuditReceiver.pinAtJoin(h, new RegionAuditStore(store.database()), region, keys)) {
                    pinned.set(keys);
                }
            });
            events.joinAccepted(region, node.node(), fingerprint);
            cross.ifPresent(c -> deploymentRoot.issued(region, c));
            if (pinned.get() != null) {
                events.auditKeysPinned(region, pinned.get());
            }
            Map<String, Object> reply = describe(d);
            cross.ifPresent(c -> reply.put(DeploymentRoot.FIELD, Pem.encode(c)));
            return reply;
        } catch (RegionException e) {
            events.joinRefused(RegionNode.isRegionName(region) ? region : null, e);
            throw e;
        } catch (IllegalArgumentException e) {
            RegionException refused = new RegionException(RegionReason.INVALID_REQUEST, "not a valid join request");
            events.joinRefused(RegionNode.isRegionName(region) ? region : null, refused);
            throw refused;
        }
    }

    /**
     * A joining node's link URL and certificate: https, a node certificate naming it under its own root, and a root
     * no active member already has. Returns the root's fingerprint.
     */
    private String checkJoiningNode(JsonNode request, RegionNode node, X509Certificate root, String linkUrl) {
        if (!linkUrl.startsWith("https://")) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the link URL must be https://host:port");
        }
        List<X509Certificate> chain =
                Pem.parseCertificates(request.path("certificate").asText(""));
        if (chain.isEmpty()
                || !PeerCertificates.chainsTo(chain.toArray(X509Certificate[]::new), root)
                || !PeerCertificates.identity(chain.get(0)).equals(Optional.of(node))) {
            throw new RegionException(
                    RegionReason.INVALID_REQUEST, "the node certificate must name " + node.arn() + " under its root");
        }
        String fingerprint = Fingerprints.sha256Hex(root);
        for (Member m : store.members()) {
            if (m.active() && Fingerprints.sha256Hex(parse(m.rootPem())).equals(fingerprint)) {
                throw new RegionException(
                        RegionReason.INVALID_REQUEST, "that root certificate is already region " + m.region() + "'s");
            }
        }
        return fingerprint;
    }

    /**
     * Joins the deployment whose control region made {@code encodedToken}; returns the deployment joined.
     *
     * @param controlUrl where this node reaches the control region's link, when not at the URL in the token (a proxy,
     *                   another network path); the TLS identity checked is the same
     */
    public Deployment join(String encodedToken, Optional<String> controlUrl) {
        if (store.deployment().isPresent()) {
            throw new RegionException(
                    RegionReason.ALREADY_IN_DEPLOYMENT, "this region is already in a deployment (leave it first)");
        }
        JoinToken token = JoinToken.decode(encodedToken);
        String controlLink = controlUrl.orElse(token.linkUrl());
        if (!controlLink.startsWith("https://")) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the control region's link URL must be https://");
        }
        LinkClient control =
                new LinkClient(controlLink, token.controlRegion(), LinkTls.pinnedFactory(token.rootFingerprint()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("secret", token.secret());
        request.put("region", local.identity().region());
        request.put("node", local.identity().node());
        request.put("linkUrl", local.linkUrl());
        request.put("mqttUrl", local.mqttUrl());
        request.put("root", Pem.encode(local.root()));
        request.put("certificate", Pem.encode(local.chain()));
        Supplier<AuditKeys> keys = auditKeys;
        if (keys != null) {
            request.put("auditKeys", keys.get().toJson());
        }
        JsonNode reply = control.call(LinkOperation.JOIN, "", request, CALL_TIMEOUT);
        Deployment joined = new Deployment(
                Deployment.Role.MEMBER,
                reply.path("deployment").asText(),
                reply.path("controlRegion").asText(),
                reply.path("auditRegion").asText(),
                reply.path("iamPublicKey").asText(),
                0,
                ChangeChain.GENESIS,
                reply.path("lastSeq").asLong(),
                Instant.EPOCH,
                clock.instant());
        List<Member> members = MembershipJson.members(reply).stream()
                .map(m -> m.region().equals(token.controlRegion()) ? m.withLinkUrl(controlLink) : m)
                .toList();
        Optional<X509Certificate> controlRoot = members.stream()
                .filter(m -> m.region().equals(joined.controlRegion()))
                .map(m -> parse(m.rootPem()))
                .findFirst();
        if (!controlRoot.map(Fingerprints::sha256Hex).orElse("").equals(token.rootFingerprint())) {
            throw new RegionException(
                    RegionReason.LINK_REFUSED, "the control region's reply names another root than its token");
        }
        store.database().useTransaction(h -> {
            store.clearChanges(h);
            store.createDeployment(h, joined);
            store.tokenKey(h, reply.path("tokenKey").asText(""));
            for (Member m : members) {
                store.putMember(h, m);
            }
        });
        events.joined(joined.controlRegion(), joined.id());
        deploymentRoot.receive(reply, joined.controlRegion(), controlRoot.get());
        return joined;
    }

    /**
     * A member's copy of the membership, refreshed from the control region: regions that joined after this one, or
     * left. The control region's own link URL is kept as this node stored it (it may reach it another way).
     */
    public void refreshMembers() {
        Deployment d = store.deployment().filter(x -> !x.isControl()).orElse(null);
        if (d == null) {
            return;
        }
        List<Member> stored = store.members();
        JsonNode reply = controlClient().call(LinkOperation.DEPLOYMENT, "", null, CALL_TIMEOUT);
        List<Member> fresh = new ArrayList<>();
        for (Member m : MembershipJson.members(reply)) {
            Optional<Member> mine = stored.stream()
                    .filter(x -> x.region().equals(m.region()) && x.region().equals(d.controlRegion()))
                    .findFirst();
            fresh.add(mine.map(x -> m.withLinkUrl(x.linkUrl())).orElse(m));
        }
        if (!fresh.equals(stored)) {
            store.database().useTransaction(h -> {
                for (Member m : fresh) {
                    store.putMember(h, m);
                }
            });
        }
        fresh.stream()
                .filter(m -> m.region().equals(d.controlRegion()))
                .findFirst()
                .ifPresent(control -> deploymentRoot.receive(reply, d.controlRegion(), parse(control.rootPem())));
        residency.apply(d, reply.path("jurisdictions"));
        auditRegions.apply(d, reply);
        String tokenKey = reply.path("tokenKey").asText("");
        if (!tokenKey.equals(store.tokenKey())) {
            store.database().jdbi().useHandle(h -> store.tokenKey(h, tokenKey));
        }
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
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        if (d.isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION, "the control region cannot leave its own deployment");
        }
        controlClient().call(LinkOperation.LEAVE, "", Map.of(), CALL_TIMEOUT);
        store.database().useTransaction(store::dropDeployment);
        deploymentRoot.left();
        events.left(d.controlRegion());
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

    private Deployment foundDeployment() {
        Deployment d = new Deployment(
                Deployment.Role.CONTROL,
                UUID.randomUUID().toString(),
                local.identity().region(),
                local.identity().region(),
                Pem.encodePublicKey(iamKey),
                0,
                ChangeChain.GENESIS,
                0,
                clock.instant(),
                clock.instant());
        store.database().useTransaction(h -> {
            store.createDeployment(h, d);
            store.putMember(
                    h,
                    new Member(
                            local.identity().region(),
                            local.identity().node(),
                            local.linkUrl(),
                            local.mqttUrl(),
                            Pem.encode(local.root()),
                            Member.Status.ACTIVE,
                            clock.instant()));
        });
        return d;
    }

    /** The audit keys a join request carries, or null when it carries none (a node without central audit). */
    private static AuditKeys auditKeys(JsonNode keys) {
        if (keys.isMissingNode() || keys.isNull()) {
            return null;
        }
        try {
            return AuditKeys.parse(keys.toString());
        } catch (IllegalArgumentException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the audit keys sent are not an audit key list");
        }
    }

    static String requireName(String name) {
        if (!RegionNode.isRegionName(name)) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a region or node name");
        }
        return name;
    }

    private static X509Certificate parse(String pem) {
        return Pem.parseCertificate(pem);
    }
}
