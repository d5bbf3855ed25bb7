package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.iam.store.Scope;
import dev.warden.policy.Arn;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.core.Member;
import dev.warden.region.service.RegionEvents;
import dev.warden.region.service.RegionService;
import dev.warden.region.service.Regions;
import dev.warden.region.service.ReplicationStatus;
import dev.warden.registry.PolicyService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Regions: this node's deployment and its members, the state of IAM replication, join tokens, joining and leaving
 * ({@code /regions}). Join tokens are returned once, to the caller who made them, and never recorded.
 */
public final class RegionApi implements CapabilityRoutes {
    /** IAM actions that change nothing (they analyse or generate a document) and are served in any region. */
    private static final Set<String> IAM_READS =
            Set.of("iam:AnalyzePolicy", "iam:GeneratePolicy", "iam:GetUnusedPermissions");
    /** IAM changes that stay in the region: a user's certificates are registry data of the region that issued them. */
    private static final Set<String> IAM_REGIONAL = Set.of("iam:CreateUserCertificate", "iam:RevokeUserCertificate");

    private final Optional<Regions> regions;
    private final String account;
    private final String region;

    /** @param regions empty when the node runs without region links */
    public RegionApi(Optional<Regions> regions, String account, String region) {
        this.regions = regions;
        this.account = account;
        this.region = region;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(GET, "/regions", "region:ListRegions", ctx -> arn("*"), admin.apply(ctx -> ctx.json(status())));
        routes.add(
                GET,
                "/regions/trust-bundle",
                "region:GetTrustBundle",
                ctx -> arn("*"),
                admin.apply(ctx -> ctx.json(trustBundle(running().service()))));
        routes.add(POST, "/regions/tokens", "region:CreateJoinToken", ctx -> arn("*"), admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String forRegion = Requests.requiredText(body, "region");
            AuditedRoutes.resource(ctx, arn(forRegion));
            Integer ttl = Requests.optionalInt(body, "ttlSeconds");
            Duration lifetime = ttl == null ? RegionService.DEFAULT_TOKEN_TTL : Duration.ofSeconds(ttl);
            String token = running().createJoinToken(forRegion, lifetime);
            ctx.status(201).json(Map.of("region", forRegion, "token", token, "expiresInSeconds", lifetime.toSeconds()));
        }));
        routes.add(POST, "/regions/join", "region:JoinDeployment", ctx -> arn(region), admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            running()
                    .join(
                            Requests.requiredText(body, "token"),
                            Optional.ofNullable(Requests.optionalText(body, "control")));
            ctx.json(status());
        }));
        routes.add(
                GET,
                "/regions/jurisdictions",
                "region:ListRegions",
                ctx -> arn("*"),
                admin.apply(ctx -> ctx.json(jurisdictions(running().service().jurisdictions()))));
        routes.add(PUT, "/regions/jurisdictions/{name}", "region:PutJurisdiction", ctx -> arn("*"), admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            if (!body.path("regions").isArray()) {
                throw ApiException.badRequest(
                        "INVALID_FIELD", "field 'regions' (an array of region names) is required");
            }
            List<String> named = new java.util.ArrayList<>();
            body.path("regions").forEach(r -> named.add(r.asText()));
            ctx.json(jurisdictions(running().service().putJurisdiction(ctx.pathParam("name"), named)));
        }));
        routes.add(PUT, "/regions/audit-region", "region:SetAuditRegion", ctx -> arn("*"), admin.apply(ctx -> {
            String named = Requests.requiredText(Requests.body(ctx), "region");
            AuditedRoutes.resource(ctx, arn(named));
            running().service().setAuditRegion(named);
            ctx.json(status());
        }));
        routes.add(POST, "/regions/leave", "region:LeaveDeployment", ctx -> arn(region), admin.apply(ctx -> {
            running().leave();
            ctx.json(status());
        }));
        registerFailover(routes, admin);
    }

    /** Standbys (named in the control region), failover and failback (declared in the standby). */
    private void registerFailover(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                PUT,
                "/regions/{region}/standby",
                "region:SetStandby",
                ctx -> arn(ctx.pathParam("region")),
                admin.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    String standby = body.path("standby").isNull() ? "" : Requests.requiredText(body, "standby");
                    ctx.json(member(running().service().setStandby(ctx.pathParam("region"), standby)));
                }));
        routes.add(
                GET,
                "/regions/failovers",
                "region:ListRegions",
                ctx -> arn("*"),
                admin.apply(ctx -> ctx.json(Map.of("failovers", failover().status()))));
        routes.add(
                POST,
                "/regions/{region}/failover",
                "region:Failover",
                ctx -> arn(ctx.pathParam("region")),
                admin.apply(ctx -> {
                    requireThisRegion(Requests.body(ctx));
                    ctx.json(failover().declare(ctx.pathParam("region"), AuditedRoutes.actor(ctx)));
                }));
        routes.add(
                POST,
                "/regions/{region}/failback",
                "region:Failback",
                ctx -> arn(ctx.pathParam("region")),
                admin.apply(ctx -> ctx.json(failover().failback(ctx.pathParam("region"), AuditedRoutes.actor(ctx)))));
        // A failed region's device revoked in its standby: the resource is the certificate of the region it belongs to.
        routes.add(
                POST,
                "/regions/{region}/failover/revoke",
                "region:RevokeGuestCertificate",
                this::guestCertificateArn,
                admin.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    String serial = Requests.requiredText(body, "serial");
                    ctx.json(failover()
                            .revokeGuest(
                                    ctx.pathParam("region"),
                                    serial,
                                    Requests.revocationReason(body),
                                    AuditedRoutes.actor(ctx)));
                }));
    }

    /** A failover is declared in the standby itself: a "to" naming another region was sent to the wrong node. */
    private void requireThisRegion(JsonNode body) {
        String to = Requests.optionalText(body, "to");
        if (to != null && !to.equals(region)) {
            throw new RegionException(
                    RegionReason.NOT_STANDBY,
                    "this is region " + region + ": declare the failover to " + to + " in " + to + " itself");
        }
    }

    private dev.warden.region.failover.Failover failover() {
        return running()
                .failover()
                .orElseThrow(() -> new RegionException(RegionReason.NOT_STANDBY, "failover does not run on this node"));
    }

    /**
     * Refuses, in a member region, every change of what the control region replicates: IAM, except what stays in the
     * region (issue 24): users' client certificates, its regional policies, and policy attachments to things (things
     * are regional) and to thing groups that are not replicated (a regional group, or a regional policy); and a
     * global thing group. A refusal records the scope it was about in the request's audit event.
     *
     * @param policies the node's policies, for the scope of the policy or group a request names
     */
    public WriteGuard iamGuard(PolicyService policies) {
        return (action, ctx) -> {
            if (regions.isEmpty() || IAM_READS.contains(action)) {
                return;
            }
            Optional<Scope> scope = replicatedScope(policies, action, ctx);
            if (scope.isEmpty()) {
                return;
            }
            try {
                regions.get().requireIamWritable();
            } catch (RegionException e) {
                AuditedRoutes.details(ctx, Map.of("scope", scope.get().column()));
                throw e;
            }
        };
    }

    /** {@code GLOBAL} when the request changes what the control region replicates; empty when it stays here. */
    private static Optional<Scope> replicatedScope(PolicyService policies, String action, Context ctx) {
        if ("iot:CreateThingGroup".equals(action)) {
            return Optional.of(PolicyRoutes.scope(ctx, Requests.body(ctx), Scope.REGIONAL))
                    .filter(s -> s == Scope.GLOBAL);
        }
        if (!action.startsWith("iam:") || IAM_REGIONAL.contains(action)) {
            return Optional.empty();
        }
        if ("iam:CreatePolicy".equals(action)) {
            return Optional.of(PolicyRoutes.scope(ctx, Requests.body(ctx), Scope.GLOBAL))
                    .filter(s -> s == Scope.GLOBAL);
        }
        String path = ctx.endpointHandlerPath();
        if (!path.startsWith("/policies/{name}") && !path.startsWith("/console/policies/{name}")) {
            return Optional.of(Scope.GLOBAL);
        }
        String policy = ctx.pathParam("name");
        boolean regionalPolicy = policies.policyScope(policy).orElse(Scope.GLOBAL) == Scope.REGIONAL;
        if (!"iam:AttachPolicy".equals(action) && !"iam:DetachPolicy".equals(action)) {
            return regionalPolicy ? Optional.empty() : Optional.of(Scope.GLOBAL);
        }
        JsonNode body = Requests.body(ctx);
        if (Requests.optionalText(body, "thing") != null) {
            return Optional.empty();
        }
        String group = Requests.optionalText(body, "thingGroup");
        if (group != null
                && (regionalPolicy || policies.thingGroupScope(group).orElse(Scope.REGIONAL) == Scope.REGIONAL)) {
            return Optional.empty();
        }
        return Optional.of(Scope.GLOBAL);
    }

    /** This node's place: on its own, a control region or a member, with the members and IAM replication's state. */
    private Map<String, Object> status() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("region", region);
        view.put("links", regions.isPresent());
        if (regions.isEmpty()) {
            view.put("role", "STANDALONE");
            return view;
        }
        RegionService service = regions.get().service();
        view.put("linkUrl", service.local().linkUrl());
        view.put("node", service.local().identity().node());
        Optional<Deployment> deployment = service.deployment();
        view.put("role", deployment.map(d -> d.role().name()).orElse("STANDALONE"));
        deployment.ifPresent(d -> {
            view.put("deployment", d.id());
            view.put("controlRegion", d.controlRegion());
            view.put("auditRegion", d.auditRegion());
        });
        view.put("members", service.members().stream().map(RegionApi::member).toList());
        Map<String, Object> iam = new LinkedHashMap<>();
        regions.get().iamLastSeq().ifPresent(seq -> iam.put("lastSeq", seq));
        regions.get().replication().ifPresent(r -> iam.putAll(replication(r)));
        view.put("iam", iam);
        regions.get().centralAudit().ifPresent(central -> view.put("audit", audit(central)));
        regions.get().failover().ifPresent(f -> view.put("failovers", f.status()));
        return view;
    }

    private static Map<String, Object> replication(ReplicationStatus r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("appliedSeq", r.appliedSeq());
        view.put("controlSeq", r.controlSeq());
        view.put("behind", Math.max(0, r.controlSeq() - r.appliedSeq()));
        view.put("connected", r.connected());
        view.put("stalenessSeconds", r.staleness().toMillis() / 1000.0);
        view.put(
                "lastContact",
                r.lastContact().toEpochMilli() == 0 ? null : r.lastContact().toString());
        view.put("lastError", r.lastError());
        return view;
    }

    /** Central audit as this region sees it: its own chain's shipping, and the chains it keeps as the audit region. */
    private static Map<String, Object> audit(dev.warden.region.audit.CentralAudit central) {
        Map<String, Object> view = new LinkedHashMap<>();
        central.shipping().ifPresent(s -> {
            Map<String, Object> shipping = new LinkedHashMap<>();
            shipping.put("auditRegion", s.auditRegion());
            shipping.put("shippedSeq", s.shippedSeq());
            shipping.put("localSeq", s.localSeq());
            shipping.put("lagSeconds", s.lag().toMillis() / 1000.0);
            shipping.put("connected", s.connected());
            shipping.put("lastError", s.lastError());
            view.put("shipping", shipping);
        });
        List<Map<String, Object>> received = new java.util.ArrayList<>();
        for (dev.warden.region.audit.ReceivedChain r : central.received()) {
            Map<String, Object> chain = new LinkedHashMap<>();
            chain.put("region", r.region());
            chain.put("lastSeq", r.lastSeq());
            chain.put("lastDigestSeq", r.lastDigestSeq());
            chain.put(
                    "lastReceivedAt",
                    r.lastReceivedAt() == null ? null : r.lastReceivedAt().toString());
            chain.put("lastBatchLagSeconds", r.lastBatchLag().toMillis() / 1000.0);
            chain.put("lastRefusal", r.lastRefusal());
            received.add(chain);
        }
        view.put("received", received);
        return view;
    }

    private static Map<String, Object> jurisdictions(dev.warden.region.core.Jurisdictions table) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        table.byJurisdiction().forEach((name, members) -> rows.add(Map.of("name", name, "regions", members)));
        return Map.of("jurisdictions", rows);
    }

    private static Map<String, Object> member(Member m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("region", m.region());
        view.put("node", m.node());
        view.put("linkUrl", m.linkUrl());
        view.put("mqttUrl", m.mqttUrl());
        view.put("status", m.status().name());
        view.put("joinedAt", m.joinedAt().toString());
        view.put("standby", m.standby().isEmpty() ? null : m.standby());
        return view;
    }

    /**
     * The deployment root, which verifies every region's gateway and admin listener (a member presents its root
     * cross-certified by it), and this region's cross certificate when it has one. Public material only.
     */
    private Map<String, Object> trustBundle(RegionService service) {
        java.security.cert.X509Certificate root = service.deploymentRoot();
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("region", region);
        bundle.put(
                "controlRegion",
                service.deployment().map(Deployment::controlRegion).orElse(region));
        bundle.put("deploymentRoot", dev.warden.pki.Pem.encode(root));
        bundle.put("fingerprint", dev.warden.pki.Fingerprints.sha256Hex(root));
        bundle.put(
                "crossCertificate",
                service.crossCertificate().map(dev.warden.pki.Pem::encode).orElse(null));
        return bundle;
    }

    private Regions running() {
        return regions.orElseThrow(() -> new RegionException(
                RegionReason.LINKS_DISABLED, "this node runs without region links (set region-links: on)"));
    }

    /**
     * The certificate a guest revocation names, in its home region; {@code cert/*} when the body names none that
     * reads as a serial (then only a principal allowed every certificate gets as far as the 400).
     */
    private String guestCertificateArn(Context ctx) {
        String serial = "*";
        try {
            String named = Requests.body(ctx).path("serial").asText("");
            if (named.matches("[0-9A-Fa-f:]{1,95}")) {
                serial = named.replace(":", "").toLowerCase(java.util.Locale.ROOT);
            }
        } catch (RuntimeException e) {
            // a body that does not parse: the handler answers it with its 400
        }
        return Arn.of("iot", ctx.pathParam("region"), account, "cert/" + serial).toString();
    }

    private String arn(String name) {
        return RegionEvents.regionArn(account, name);
    }
}
