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
import dev.warden.region.core.Member;
import dev.warden.region.core.RegionNode;
import dev.warden.region.link.PeerCertificates;
import dev.warden.region.store.RegionStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The control region's side of joining, kept apart from what a member does with its copy of the membership
 * ({@link MembershipCopy}) because it is where trust is extended: it makes one-use join tokens (the first one founds
 * the deployment with this node as its control region) and admits a joining node only with a valid token, a link
 * certificate that names it under its own root, and a root no active member has. Every admission and refusal is
 * audited.
 */
final class JoinAdmission {
    private final RegionStore store;
    private final LocalNode local;
    private final PublicKey iamKey;
    private final RegionEvents events;
    private final SecureRandom random;
    private final Clock clock;
    private final MemberLinks links;
    private final DeploymentRoot deploymentRoot;
    /** What an admitted member is told of the deployment ({@link RegionService#describe}). */
    private final Function<Deployment, Map<String, Object>> describe;

    JoinAdmission(
            RegionStore store,
            LocalNode local,
            PublicKey iamKey,
            RegionEvents events,
            SecureRandom random,
            Clock clock,
            MemberLinks links,
            DeploymentRoot deploymentRoot,
            Function<Deployment, Map<String, Object>> describe) {
        this.store = store;
        this.local = local;
        this.iamKey = iamKey;
        this.events = events;
        this.random = random;
        this.clock = clock;
        this.links = links;
        this.deploymentRoot = deploymentRoot;
        this.describe = describe;
    }

    /** A one-time token for {@code region} to join; makes this node the control region of a new deployment if needed. */
    String createJoinToken(String region, Duration ttl) {
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
        if (region.equals(local.identity().region()) || links.active(region).isPresent()) {
            throw new RegionException(RegionReason.REGION_NAME_TAKEN, "region " + region + " is already a member");
        }
        JoinToken token = JoinToken.create(
                local.identity().region(), local.linkUrl(), Fingerprints.sha256Hex(local.root()), random);
        Instant expires = clock.instant().plus(ttl);
        store.addToken(token.secretHash(), region, expires, clock.instant());
        events.tokenCreated(region, expires);
        return token.encode();
    }

    /** Checks the token and the joining node's certificates, adds the member; a refusal is audited and rethrown. */
    Map<String, Object> acceptJoin(JsonNode request) {
        String region = request.path("region").asText(null);
        try {
            return admit(request, region);
        } catch (RegionException e) {
            events.joinRefused(RegionNode.isRegionName(region) ? region : null, e);
            throw e;
        } catch (IllegalArgumentException e) {
            RegionException refused = new RegionException(RegionReason.INVALID_REQUEST, "not a valid join request");
            events.joinRefused(RegionNode.isRegionName(region) ? region : null, refused);
            throw refused;
        }
    }

    private Map<String, Object> admit(JsonNode request, String region) {
        Deployment d = store.deployment()
                .filter(Deployment::isControl)
                .orElseThrow(() -> new RegionException(
                        RegionReason.NOT_CONTROL_REGION, "this region is not a deployment's control region"));
        RegionNode node = new RegionNode(
                local.identity().account(),
                RegionService.requireName(region),
                RegionService.requireName(request.path("node").asText(null)));
        X509Certificate root = Pem.parseCertificate(request.path("root").asText(""));
        String linkUrl = request.path("linkUrl").asText("");
        String fingerprint = checkJoiningNode(request, node, root, linkUrl);
        Optional<X509Certificate> cross = deploymentRoot.certify(region, root);
        AuditKeys keys = auditKeys(request.path("auditKeys"));
        AtomicReference<AuditKeys> pinned = new AtomicReference<>();
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
            if (store.members(h).stream().anyMatch(m -> m.active() && m.region().equals(region))) {
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
        Map<String, Object> reply = describe.apply(d);
        cross.ifPresent(c -> reply.put(DeploymentRoot.FIELD, Pem.encode(c)));
        return reply;
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
            if (m.active()
                    && Fingerprints.sha256Hex(Pem.parseCertificate(m.rootPem())).equals(fingerprint)) {
                throw new RegionException(
                        RegionReason.INVALID_REQUEST, "that root certificate is already region " + m.region() + "'s");
            }
        }
        return fingerprint;
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
}
