package dev.warden.api;

import dev.warden.audit.AuditPrincipal;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.forward.AdminForwarding;
import dev.warden.region.forward.ForwardKey;
import dev.warden.region.forward.ForwardedRequest;
import dev.warden.region.forward.ForwardedResponse;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Admin requests for another region's data (issue 24). A client names the region with {@value #REGION}; this node
 * authenticates the bearer token, and the request goes over the region link to that region, which runs it through its
 * own admin API: there it is authenticated again, decided with that region's IAM and audited, with this region as
 * {@code warden:RequestedRegion}. The answer is relayed as it came. A request forwarded here arrives from this node's
 * own link handler with {@value #FROM} and the node's {@link ForwardKey}; the same headers from anyone else are
 * refused, so no client can claim to ask from another region.
 */
final class ForwardedRequests {
    /** The region whose data the request is for (the client's header). */
    static final String REGION = "X-Warden-Region";
    /** The region a forwarded request was made in (this node's link handler only). */
    static final String FROM = "X-Warden-Forwarded-From";
    /** The address the caller made the forwarded request from. */
    static final String FOR = "X-Warden-Forwarded-For";
    /** This node's forward key: proof that the request came through its link handler. */
    static final String KEY = "X-Warden-Forward-Key";

    private static final String ORIGIN = "forwarded.origin";
    private static final String ORIGIN_IP = "forwarded.sourceIp";

    /** Where a request forwarded here was made: the region and the caller's address there. */
    record Origin(String region, String sourceIp) {}

    private final String region;
    private final ForwardKey key;
    private final Supplier<Optional<AdminForwarding>> forwarding;

    ForwardedRequests(String region, ForwardKey key, Supplier<Optional<AdminForwarding>> forwarding) {
        this.region = region;
        this.key = key;
        this.forwarding = forwarding;
    }

    /**
     * Before every route: a request for another region's data is authenticated here, sent there, and answered with
     * that region's answer; the route here never runs.
     */
    void relay(Context ctx, AdminAuthentication authentication) {
        String home = ctx.header(REGION);
        if (home == null || home.isBlank() || home.equals(region)) {
            return;
        }
        if (ctx.header(FROM) != null) {
            throw ApiException.badRequest("FORWARD_LOOP", "a forwarded request is not forwarded again");
        }
        AdminForwarding running = forwarding
                .get()
                .orElseThrow(() -> new RegionException(
                        RegionReason.LINKS_DISABLED, "this node runs without region links (set region-links: on)"));
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim()
                : "";
        ForwardedRequest request = new ForwardedRequest(
                ctx.method().name(),
                ctx.path(),
                ctx.queryString(),
                token,
                ctx.ip(),
                ctx.contentType(),
                ctx.bodyAsBytes());
        if (token.isEmpty()) {
            running.refused(home, request, AuditPrincipal.ANONYMOUS, "NO_BEARER_TOKEN");
            throw ApiException.unauthorized("a request for another region needs a bearer token, which " + home
                    + " authenticates itself (log in at the control region)");
        }
        AuditPrincipal principal;
        try {
            principal = authentication.bearerPrincipal(ctx);
        } catch (ApiException e) {
            running.refused(home, request, AuditPrincipal.ANONYMOUS, e.code());
            throw e;
        }
        if (!dev.warden.iam.UserService.PRINCIPAL_TYPE.equals(principal.type()) && !"role".equals(principal.type())) {
            // An admin credential or a service-account key is this region's alone: it never leaves it.
            running.refused(home, request, principal, "CREDENTIAL_REGIONAL");
            throw ApiException.forbidden(
                    "CREDENTIAL_REGIONAL",
                    "a " + principal.type() + " credential is this region's only; log in as a user at the control"
                            + " region to act in " + home);
        }
        ForwardedResponse response = running.forward(home, request, principal);
        ctx.status(response.status());
        if (!response.mediaType().isEmpty()) {
            ctx.contentType(response.mediaType());
        }
        ctx.result(response.body());
        ctx.skipRemainingHandlers();
    }

    /**
     * Whether this request was forwarded here, and from where; refuses (401) the forwarding headers without this
     * node's key. Remembers the origin for the trail ({@link #sourceIp}).
     */
    Optional<Origin> origin(Context ctx) {
        String from = ctx.header(FROM);
        if (from == null) {
            return Optional.empty();
        }
        if (!key.matches(ctx.header(KEY))) {
            throw ApiException.unauthorized("the request claims to be forwarded from another region, but was not");
        }
        Origin origin = new Origin(from, Optional.ofNullable(ctx.header(FOR)).orElse(""));
        ctx.attribute(ORIGIN, origin.region());
        ctx.attribute(ORIGIN_IP, origin.sourceIp());
        return Optional.of(origin);
    }

    /** The region a request forwarded here was made in, once {@link #origin} accepted it. */
    static Optional<String> from(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ORIGIN));
    }

    /** The caller's address: where a forwarded request was made, else this connection's. */
    static String sourceIp(Context ctx) {
        String forwarded = ctx.attribute(ORIGIN_IP);
        return forwarded == null || forwarded.isEmpty() ? ctx.ip() : forwarded;
    }
}
