package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The gateway's firewall and counters for operators: {@code GET /gateway/bans} ({@code iot:ListBans}),
 * {@code POST /gateway/bans} ({@code iot:CreateBan}, body {@code {kind, value, seconds, reason}}),
 * {@code DELETE /gateway/bans/{kind}/{value}} ({@code iot:DeleteBan}) and {@code GET /gateway/stats}
 * ({@code iot:GetStatistics}). A ban's resource is the banned client ID, thing or {@code sourceip/<ip>}.
 * {@code DELETE /connections/{clientId}} ({@code iot:DeleteConnection} on {@code client/<clientId>}, as AWS IoT's
 * DeleteConnection) ends a device's live connection without banning it; 404 {@code CONNECTION_NOT_FOUND} when no
 * device is connected with that client ID.
 */
public final class FirewallApi {
    private final ApiSettings config;
    private final GatewayAdmin gateway;

    public FirewallApi(ApiSettings config, GatewayAdmin gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        Function<Context, String> anyBan = ctx -> arns.of("iot", "ban/*");
        routes.add(
                GET,
                "/gateway/bans",
                "iot:ListBans",
                anyBan,
                admin.apply(ctx -> ctx.json(Map.of("bans", gateway.bans()))));
        routes.add(
                POST,
                "/gateway/bans",
                "iot:CreateBan",
                ctx -> {
                    JsonNode body = Requests.body(ctx);
                    return banArn(arns, Requests.optionalText(body, "kind"), Requests.optionalText(body, "value"));
                },
                admin.apply(this::create));
        routes.add(
                DELETE,
                "/gateway/bans/{kind}/{value}",
                "iot:DeleteBan",
                ctx -> banArn(arns, ctx.pathParam("kind"), ctx.pathParam("value")),
                admin.apply(ctx -> {
                    boolean lifted;
                    try {
                        lifted = gateway.unban(ctx.pathParam("kind"), ctx.pathParam("value"));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("INVALID_BAN", e.getMessage());
                    }
                    if (!lifted) {
                        throw ApiException.notFound(
                                "BAN_NOT_FOUND",
                                "no active ban of " + ctx.pathParam("kind") + " " + ctx.pathParam("value"));
                    }
                    ctx.json(Map.of("lifted", true, "kind", ctx.pathParam("kind"), "value", ctx.pathParam("value")));
                }));
        routes.add(
                DELETE,
                "/connections/{clientId}",
                "iot:DeleteConnection",
                ctx -> arns.of("iot", "client/" + ctx.pathParam("clientId")),
                admin.apply(ctx -> {
                    String clientId = ctx.pathParam("clientId");
                    int ended = gateway.disconnect(clientId);
                    if (ended == 0) {
                        throw ApiException.notFound(
                                "CONNECTION_NOT_FOUND", "no device is connected with client ID " + clientId);
                    }
                    AuditedRoutes.details(ctx, Map.of("disconnected", ended));
                    ctx.json(Map.of("clientId", clientId, "disconnected", ended));
                }));
        routes.add(
                GET,
                "/gateway/stats",
                "iot:GetStatistics",
                ctx -> arns.of("iot", "gateway/" + config.region()),
                admin.apply(ctx -> {
                    String top = ctx.queryParam("subscribers");
                    int n = top == null ? 20 : Math.max(0, Math.min(1_000, Integer.parseInt(top)));
                    ctx.json(gateway.statistics(n));
                }));
    }

    private void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String kind = Requests.requiredText(body, "kind");
        String value = Requests.requiredText(body, "value");
        Integer seconds = Requests.optionalInt(body, "seconds");
        if (seconds == null || seconds < 1) {
            throw ApiException.badRequest("MISSING_FIELD", "field 'seconds' (the ban's length, positive) is required");
        }
        String reason = Requests.optionalText(body, "reason");
        AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
        String actor = principal == null ? "unknown" : principal.type() + ":" + principal.id();
        try {
            ctx.status(201).json(gateway.ban(kind, value, Duration.ofSeconds(seconds), reason, actor));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_BAN", e.getMessage());
        }
    }

    /** {@code client/<id>}, {@code thing/<name>}, {@code sourceip/<ip>}: what a policy names to allow a ban. */
    private static String banArn(ApiArns arns, String kind, String value) {
        String v = value == null || value.isBlank() ? "*" : value;
        String k = kind == null ? "" : kind.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (k) {
            case "client-id", "client_id" -> arns.of("iot", "client/" + v);
            case "thing" -> arns.of("iot", "thing/" + v);
            case "ip" -> arns.of("iot", "sourceip/" + v);
            default -> arns.of("iot", "ban/*");
        };
    }
}
