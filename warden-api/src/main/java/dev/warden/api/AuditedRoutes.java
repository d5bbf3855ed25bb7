package dev.warden.api;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.AuditScope;
import dev.warden.audit.AuditUnavailableException;
import dev.warden.audit.NodeAudit;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.function.Function;

/**
 * Registers API routes so that each one is a named action and every call — allowed, denied or failed — lands in
 * the audit trail before the response leaves. While the trail cannot write, every audited route is refused (503
 * AUDIT_UNAVAILABLE): no admin action happens unrecorded.
 */
public final class AuditedRoutes {
    static final String PRINCIPAL = "audit.principal";
    static final String RESOURCE = "audit.resource";
    static final String ACTION = "route.action";
    static final String ROUTE_RESOURCE = "route.resource";
    static final String DECIDING_STATEMENT = "audit.decidingStatement";
    /** The seq of the call's intent event, once it is durable (Long). */
    static final String INTENT_SEQ = "audit.intentSeq";
    /** Reads that hand out what the trail must have recorded before they do (a secret's value). */
    private static final java.util.Set<String> RECORDED_READS = java.util.Set.of("secrets:GetSecretValue");
    /** More event details (a Map of String to Object) set by the handler, e.g. what a refused credential presented. */
    static final String DETAILS = "audit.details";
    /** Where the call came from when not the API itself (the console), recorded as the event's {@code source}. */
    static final String SOURCE = "audit.source";
    /** Whether the authenticated caller proved a second factor (Boolean). */
    static final String MFA = "auth.mfa";

    private final Javalin app;
    private final NodeAudit audit;
    private final java.util.List<Route> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One registered route: its method, path template and IAM action. */
    public record Route(HandlerType method, String path, String action) {}

    public AuditedRoutes(Javalin app, NodeAudit audit) {
        this.app = app;
        this.audit = audit;
    }

    /**
     * Adds a route.
     *
     * @param action   the IAM action this endpoint performs, e.g. {@code warden:CreateThing}
     * @param resource the resource ARN it acts on, computed from the request (handlers may refine it with
     *                 {@link #resource(Context, String)})
     */
    public void add(
            HandlerType method, String path, String action, Function<Context, String> resource, Handler handler) {
        app.addHttpHandler(method, path, ctx -> handle(ctx, action, resource, handler));
        registered.add(new Route(method, path, action));
    }

    /** Every route added so far, for the OpenAPI document. */
    public java.util.List<Route> registered() {
        return java.util.List.copyOf(registered);
    }

    /** Names the principal of the current request once it is authenticated. */
    public static void principal(Context ctx, AuditPrincipal principal) {
        ctx.attribute(PRINCIPAL, principal);
        AuditScope.Actor current = AuditScope.current();
        enterScope(ctx, principal, current.requestId());
    }

    /**
     * The current request's principal as {@code type:id}, for records that name who asked ("unknown" before); the
     * console's handlers name the signed-in user the same way as the API's.
     */
    public static String actor(Context ctx) {
        AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(PRINCIPAL);
        return principal == null ? "unknown" : principal.type() + ":" + principal.id();
    }

    /** Adds {@code details} to the current request's event (a later call replaces an earlier one). */
    public static void details(Context ctx, java.util.Map<String, Object> details) {
        ctx.attribute(DETAILS, java.util.Map.copyOf(details));
    }

    /** The action and resource of the current route, for the authorizer. */
    static String action(Context ctx) {
        Object value = ctx.attribute(ACTION);
        return value == null ? null : value.toString();
    }

    static String routeResource(Context ctx) {
        Object value = ctx.attribute(ROUTE_RESOURCE);
        return value == null ? null : value.toString();
    }

    /** Records the policy statement that decided the request. */
    static void decidedBy(Context ctx, dev.warden.policy.Decision decision) {
        var statement = decision.decidingStatement();
        ctx.attribute(
                DECIDING_STATEMENT,
                statement == null
                        ? decision.basis().name()
                        : statement.policyName()
                                + (statement.sid() != null ? "/" + statement.sid() : "#" + statement.index()));
    }

    /** Marks the current request as made from {@code source} (e.g. {@code console}) in its audit events. */
    public static void source(Context ctx, String source) {
        ctx.attribute(SOURCE, source);
    }

    /** Names the resource when only the handler knows it (e.g. the name in a create request's body). */
    public static void resource(Context ctx, String arn) {
        ctx.attribute(RESOURCE, arn);
    }

    /**
     * Records, durably and before the handler runs, that an authorized caller is about to change something (or read a
     * secret): a crash at any later point leaves the intent in the trail, so no committed change is without its
     * record. Throws {@link AuditUnavailableException} when the trail cannot record, and the handler then never runs.
     */
    static void recordIntent(Context ctx, NodeAudit audit) {
        String action = action(ctx);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (read && !RECORDED_READS.contains(action)) {
            return;
        }
        Object principal = ctx.attribute(PRINCIPAL);
        long seq = audit.recordDurable(audit.event(action)
                .principal(principal instanceof AuditPrincipal p ? p : AuditPrincipal.ANONYMOUS)
                .sourceIp(ForwardedRequests.sourceIp(ctx))
                .requestId(String.valueOf((Object) ctx.attribute("requestId")))
                .resource(intentResource(ctx))
                .result(AuditResult.ALLOW)
                .decidingStatement(
                        ctx.attribute(DECIDING_STATEMENT) == null
                                ? null
                                : String.valueOf((Object) ctx.attribute(DECIDING_STATEMENT)))
                .detail("stage", "intent")
                .detail("method", ctx.method().name())
                .detail("source", (Object) ctx.attribute(SOURCE)));
        ctx.attribute(INTENT_SEQ, seq);
    }

    /**
     * The resource an intent names. A create names what it creates in its body ({@code POST /things} on
     * {@code thing/*}): the intent names it too, so that a crash after the change is committed and before its outcome
     * is recorded still leaves the change's own record. A name that is absent or unfit for an ARN keeps the wildcard.
     */
    private static String intentResource(Context ctx) {
        String resource = routeResource(ctx);
        if (resource == null || !resource.endsWith("/*") || ctx.method() != HandlerType.POST) {
            return resource;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode name = Requests.body(ctx).get("name");
            return name != null
                            && name.isTextual()
                            && ARN_NAME.matcher(name.asText()).matches()
                    ? resource.substring(0, resource.length() - 1) + name.asText()
                    : resource;
        } catch (RuntimeException malformed) {
            return resource;
        }
    }

    private static final java.util.regex.Pattern ARN_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+=,-]{0,127}");

    private void handle(Context ctx, String action, Function<Context, String> resourceOf, Handler handler) {
        String requestId = String.valueOf((Object) ctx.attribute("requestId"));
        if (!audit.healthy()) {
            ErrorResponses.send(
                    ctx,
                    503,
                    AuditUnavailableException.REASON,
                    "the audit trail cannot record actions right now; nothing was changed");
            return;
        }
        enterScope(ctx, AuditPrincipal.ANONYMOUS, requestId);
        String routeResource = safeResource(resourceOf, ctx);
        ctx.attribute(ACTION, action);
        ctx.attribute(ROUTE_RESOURCE, routeResource);
        try {
            handler.handle(ctx);
        } catch (Exception e) {
            ErrorResponses.respond(ctx, e);
        } finally {
            exitScope();
        }
        Object principal = ctx.attribute(PRINCIPAL);
        Object refined = ctx.attribute(RESOURCE);
        String resource = refined != null ? refined.toString() : routeResource;
        int status = ctx.statusCode();
        var event = audit.event(action)
                .principal(principal instanceof AuditPrincipal p ? p : AuditPrincipal.ANONYMOUS)
                .sourceIp(ForwardedRequests.sourceIp(ctx))
                .requestId(requestId)
                .resource(resource)
                .decidingStatement(
                        ctx.attribute(DECIDING_STATEMENT) == null
                                ? null
                                : String.valueOf((Object) ctx.attribute(DECIDING_STATEMENT)))
                .result(
                        status < 400
                                ? AuditResult.ALLOW
                                : status == 401 || status == 403 ? AuditResult.DENY : AuditResult.ERROR)
                .detail("method", ctx.method().name())
                .detail("status", status)
                .detail("errorCode", (Object) ctx.attribute(ErrorResponses.ERROR_CODE))
                .detail("intentSeq", (Object) ctx.attribute(INTENT_SEQ))
                .detail("source", (Object) ctx.attribute(SOURCE));
        ForwardedRequests.from(ctx).ifPresent(region -> event.detail("forwardedFrom", region));
        if (ctx.attribute(DETAILS) instanceof java.util.Map<?, ?> details) {
            details.forEach((key, value) -> event.detail(String.valueOf(key), value));
        }
        try {
            audit.recordDurable(event);
        } catch (AuditUnavailableException e) {
            ErrorResponses.send(
                    ctx,
                    503,
                    e.reason(),
                    "the audit trail could not record this action; " + "treat its outcome as unknown and retry");
        }
    }

    private static String safeResource(Function<Context, String> resourceOf, Context ctx) {
        try {
            return resourceOf.apply(ctx);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void enterScope(Context ctx, AuditPrincipal principal, String requestId) {
        AuditScope.enter(new AuditScope.Actor(principal, ForwardedRequests.sourceIp(ctx), requestId));
    }

    private static void exitScope() {
        AuditScope.exit();
    }
}
