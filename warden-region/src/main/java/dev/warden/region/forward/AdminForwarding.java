package dev.warden.region.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Member;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.service.RegionEvents;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Both sides of forwarding. In the region a request was made in: {@link #forward} sends it to the home region over
 * the link and audits that it did ({@code region:ForwardRequest}, with method, path and the answer's status, never
 * the token or a body). In the home region: {@link #receive} runs it through this region's own admin API, which
 * authenticates, decides and audits it as any request, with the origin region as {@code warden:RequestedRegion}.
 */
public final class AdminForwarding {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PATH = 2_048;

    private final String account;
    private final String region;
    private final Function<String, Optional<Member>> activeMember;
    private final Function<String, LinkClient> clients;
    private final LocalAdmin local;
    private final NodeAudit audit;

    public AdminForwarding(
            String account,
            String region,
            Function<String, Optional<Member>> activeMember,
            Function<String, LinkClient> clients,
            LocalAdmin local,
            NodeAudit audit) {
        this.account = account;
        this.region = region;
        this.activeMember = activeMember;
        this.clients = clients;
        this.local = local;
        this.audit = audit;
    }

    /**
     * Sends {@code request} by {@code principal} (as this region authenticated it) to {@code home} and returns its
     * answer; refused when {@code home} is no other active member.
     */
    public ForwardedResponse forward(String home, ForwardedRequest request, AuditPrincipal principal) {
        if (home.equals(region) || activeMember.apply(home).isEmpty()) {
            throw new RegionException(RegionReason.UNKNOWN_REGION, "no other member region " + home);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", request.method());
        body.put("path", request.path());
        body.put("query", request.query());
        body.put("tokenSecret", request.token());
        body.put("sourceIp", request.sourceIp());
        body.put("mediaType", request.mediaType());
        body.put("requestContent", Base64.getEncoder().encodeToString(request.body()));
        ForwardedResponse response;
        try {
            JsonNode reply = clients.apply(home).call(LinkOperation.FORWARD, "", body, TIMEOUT);
            response = new ForwardedResponse(
                    reply.path("status").asInt(502),
                    reply.path("mediaType").asText(""),
                    Base64.getDecoder().decode(reply.path("responseContent").asText("")));
        } catch (RegionException e) {
            record(home, request, principal, AuditResult.ERROR, 0, e.reason().name());
            throw e;
        }
        record(home, request, principal, AuditResult.ALLOW, response.status(), null);
        return response;
    }

    /**
     * Records a request for {@code home} refused here before it was sent (no valid token, a regional credential):
     * nothing left this region, and the refusal is in its trail.
     */
    public void refused(String home, ForwardedRequest request, AuditPrincipal principal, String reason) {
        record(home, request, principal, AuditResult.DENY, 0, reason);
    }

    /** The home side of {@link LinkOperation#FORWARD}: the request runs here as made in {@code caller}. */
    public Map<String, Object> receive(String caller, JsonNode body) {
        String method = body.path("method").asText("");
        String path = body.path("path").asText("");
        if (!method.matches("GET|POST|PUT|DELETE|PATCH")
                || !path.startsWith("/")
                || path.length() > MAX_PATH
                || path.startsWith("/link/")) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not an admin request to forward");
        }
        ForwardedRequest request;
        try {
            request = new ForwardedRequest(
                    method,
                    path,
                    body.path("query").asText(""),
                    body.path("tokenSecret").asText(""),
                    body.path("sourceIp").asText(""),
                    body.path("mediaType").asText(""),
                    Base64.getDecoder().decode(body.path("requestContent").asText("")));
        } catch (IllegalArgumentException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the forwarded body is not base64");
        }
        ForwardedResponse response = local.execute(caller, request);
        return Map.of(
                "status",
                response.status(),
                "mediaType",
                response.mediaType(),
                "responseContent",
                Base64.getEncoder().encodeToString(response.body()));
    }

    private void record(
            String home,
            ForwardedRequest request,
            AuditPrincipal principal,
            AuditResult result,
            int status,
            String reason) {
        var event = audit.event("region:ForwardRequest")
                .principal(principal)
                .resource(RegionEvents.regionArn(account, home))
                .sourceIp(request.sourceIp())
                .result(result)
                .detail("method", request.method())
                .detail("path", request.path());
        if (status > 0) {
            event.detail("status", status);
        }
        if (reason != null) {
            event.detail("reason", reason);
        }
        audit.recordDurable(event);
    }
}
