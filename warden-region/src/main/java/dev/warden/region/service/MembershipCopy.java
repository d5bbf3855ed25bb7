package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditKeys;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.ChangeChain;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.JoinToken;
import dev.warden.region.core.Member;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.link.LinkTls;
import dev.warden.region.store.RegionStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A member's copy of the deployment's membership, kept apart from the control region's admission of joins
 * ({@link JoinAdmission}) because it is the other end of the same link: made by joining with a token (over a socket
 * that trusts only the token's root fingerprint), refreshed from the control region (members, jurisdictions, audit
 * region, token key), and dropped by leaving. Each step is audited in this region.
 */
final class MembershipCopy {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final RegionStore store;
    private final LocalNode local;
    private final RegionEvents events;
    private final Clock clock;
    private final MemberLinks links;
    private final ResidencyTable residency;
    private final AuditRegionTable auditRegions;
    private final DeploymentRoot deploymentRoot;

    MembershipCopy(
            RegionStore store,
            LocalNode local,
            RegionEvents events,
            Clock clock,
            MemberLinks links,
            ResidencyTable residency,
            AuditRegionTable auditRegions,
            DeploymentRoot deploymentRoot) {
        this.store = store;
        this.local = local;
        this.events = events;
        this.clock = clock;
        this.links = links;
        this.residency = residency;
        this.auditRegions = auditRegions;
        this.deploymentRoot = deploymentRoot;
    }

    /**
     * Joins the deployment whose control region made {@code encodedToken}; returns the deployment joined.
     *
     * @param auditKeys this region's audit keys to send for the audit region to pin, or null to send none
     */
    Deployment join(String encodedToken, Optional<String> controlUrl, Supplier<AuditKeys> auditKeys) {
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
        JsonNode reply = control.call(LinkOperation.JOIN, "", joinRequest(token, auditKeys), CALL_TIMEOUT);
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
                .map(m -> Pem.parseCertificate(m.rootPem()))
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

    private Map<String, Object> joinRequest(JoinToken token, Supplier<AuditKeys> auditKeys) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("secret", token.secret());
        request.put("region", local.identity().region());
        request.put("node", local.identity().node());
        request.put("linkUrl", local.linkUrl());
        request.put("mqttUrl", local.mqttUrl());
        request.put("root", Pem.encode(local.root()));
        request.put("certificate", Pem.encode(local.chain()));
        if (auditKeys != null) {
            request.put("auditKeys", auditKeys.get().toJson());
        }
        return request;
    }

    /**
     * Refreshed from the control region: regions that joined after this one, or left. The control region's own link
     * URL is kept as this node stored it (it may reach it another way). Nothing to do outside a deployment's members.
     */
    void refresh() {
        Deployment d = store.deployment().filter(x -> !x.isControl()).orElse(null);
        if (d == null) {
            return;
        }
        List<Member> stored = store.members();
        JsonNode reply = links.controlClient().call(LinkOperation.DEPLOYMENT, "", null, CALL_TIMEOUT);
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
                .ifPresent(control ->
                        deploymentRoot.receive(reply, d.controlRegion(), Pem.parseCertificate(control.rootPem())));
        residency.apply(d, reply.path("jurisdictions"));
        auditRegions.apply(d, reply);
        String tokenKey = reply.path("tokenKey").asText("");
        if (!tokenKey.equals(store.tokenKey())) {
            store.database().jdbi().useHandle(h -> store.tokenKey(h, tokenKey));
        }
    }

    /** A member leaves: the control region is told (and records it), then this node is on its own again. */
    void leave() {
        Deployment d = store.deployment()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_IN_DEPLOYMENT, "not in a deployment"));
        if (d.isControl()) {
            throw new RegionException(
                    RegionReason.NOT_CONTROL_REGION, "the control region cannot leave its own deployment");
        }
        links.controlClient().call(LinkOperation.LEAVE, "", Map.of(), CALL_TIMEOUT);
        store.database().useTransaction(store::dropDeployment);
        deploymentRoot.left();
        events.left(d.controlRegion());
    }
}
