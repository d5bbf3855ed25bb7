package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.iam.store.Scope;
import dev.warden.registry.PolicyService;
import dev.warden.registry.ThingPolicyCache;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The admin routes of policies, thing groups and policy attachments: {@code /policies}, {@code /thing-groups}. */
final class PolicyRoutes {
    private final PolicyService policies;
    private final ApiArns arns;

    PolicyRoutes(PolicyService policies, ApiArns arns) {
        this.policies = policies;
        this.arns = arns;
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        registerPolicies(routes, admin);
        registerThingGroups(routes, admin);
        registerAttachments(routes, admin);
    }

    /** Policies themselves: list, create (global or regional), describe with their attachments, update, delete. */
    private void registerPolicies(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> policy = ctx -> arns.of("iam", "policy/" + ctx.pathParam("name"));
        routes.add(
                GET,
                "/policies",
                "iam:ListPolicies",
                ctx -> arns.of("iam", "policy/*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "policies", policies.list().stream().map(Views::policy).toList()))));
        routes.add(POST, "/policies", "iam:CreatePolicy", ctx -> arns.of("iam", "policy/*"), admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String name = Requests.requiredText(body, "name");
            AuditedRoutes.resource(ctx, arns.of("iam", "policy/" + name));
            Scope scope = scope(ctx, body, Scope.GLOBAL);
            ctx.status(201).json(Views.policy(policies.create(name, Requests.requiredText(body, "document"), scope)));
        }));
        routes.add(GET, "/policies/{name}", "iam:GetPolicy", policy, admin.apply(ctx -> {
            Map<String, Object> view = Views.policy(policies.get(ctx.pathParam("name")));
            view.put("attachedThings", policies.attachedThings(ctx.pathParam("name")));
            view.put("attachedPrincipals", policies.attachedPrincipals(ctx.pathParam("name")));
            ctx.json(view);
        }));
        routes.add(
                PUT,
                "/policies/{name}",
                "iam:UpdatePolicy",
                policy,
                admin.apply(ctx -> ctx.json(Views.policy(policies.update(
                        ctx.pathParam("name"), Requests.requiredText(Requests.body(ctx), "document"))))));
        routes.add(DELETE, "/policies/{name}", "iam:DeletePolicy", policy, admin.apply(ctx -> {
            policies.delete(ctx.pathParam("name"));
            ctx.status(204);
        }));
    }

    /** Thing groups: create one (regional by default), add a thing to it, remove one. */
    private void registerThingGroups(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(POST, "/thing-groups", "iot:CreateThingGroup", ctx -> arns.iot("thinggroup/*"), admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String name = Requests.requiredText(body, "name");
            AuditedRoutes.resource(ctx, arns.iot("thinggroup/" + name));
            Scope scope = scope(ctx, body, Scope.REGIONAL);
            policies.createThingGroup(name, scope);
            ctx.status(201).json(Map.of("name", name, "scope", scope.column()));
        }));
        routes.add(
                POST,
                "/thing-groups/{name}/things",
                "iot:AddThingToThingGroup",
                ctx -> arns.iot("thinggroup/" + ctx.pathParam("name")),
                admin.apply(ctx -> {
                    String thingName = Requests.requiredText(Requests.body(ctx), "thing");
                    policies.addToThingGroup(ctx.pathParam("name"), thingName);
                    ctx.json(Map.of("thingGroup", ctx.pathParam("name"), "thing", thingName));
                }));
        routes.add(
                DELETE,
                "/thing-groups/{name}/things/{thing}",
                "iot:RemoveThingFromThingGroup",
                ctx -> arns.iot("thinggroup/" + ctx.pathParam("name")),
                admin.apply(ctx -> {
                    policies.removeFromThingGroup(ctx.pathParam("name"), ctx.pathParam("thing"));
                    ctx.status(204);
                }));
    }

    /** A policy attached to or detached from a thing, group or principal. */
    private void registerAttachments(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> policy = ctx -> arns.of("iam", "policy/" + ctx.pathParam("name"));
        routes.add(
                POST, "/policies/{name}/attach", "iam:AttachPolicy", policy, admin.apply(ctx -> attachment(ctx, true)));
        routes.add(
                POST,
                "/policies/{name}/detach",
                "iam:DetachPolicy",
                policy,
                admin.apply(ctx -> attachment(ctx, false)));
    }

    /**
     * The scope a create asks for: the body's {@code scope}, else the query's, else {@code fallback}; recorded in the
     * request's audit event.
     */
    static Scope scope(Context ctx, JsonNode body, Scope fallback) {
        String asked = Requests.optionalText(body, "scope");
        Scope scope;
        try {
            scope = Scope.parse(asked != null ? asked : ctx.queryParam("scope"), fallback);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "field 'scope' is 'global' or 'regional'");
        }
        AuditedRoutes.details(ctx, Map.of("scope", scope.column()));
        return scope;
    }

    /** Attaches or detaches a policy to {"thing": NAME} or {"admin": CREDENTIAL_ID}. */
    private void attachment(Context ctx, boolean attach) {
        JsonNode body = Requests.body(ctx);
        String name = ctx.pathParam("name");
        String thingName = Requests.optionalText(body, "thing");
        String type = null;
        String id = null;
        int given = thingName != null ? 1 : 0;
        Map<String, String> principalTypes = Map.of(
                AdminCredentials.PRINCIPAL_TYPE,
                AdminCredentials.PRINCIPAL_TYPE,
                UserService.PRINCIPAL_TYPE,
                UserService.PRINCIPAL_TYPE,
                "group",
                "group",
                "role",
                "role",
                ServiceAccounts.PRINCIPAL_TYPE,
                ServiceAccounts.PRINCIPAL_TYPE,
                "thingGroup",
                ThingPolicyCache.THING_GROUP);
        for (Map.Entry<String, String> field : principalTypes.entrySet()) {
            String value = Requests.optionalText(body, field.getKey());
            if (value != null) {
                type = field.getValue();
                id = value;
                given++;
            }
        }
        if (given != 1) {
            throw ApiException.badRequest(
                    "INVALID_FIELD",
                    "give exactly one of 'thing', 'thingGroup', 'admin', 'user', 'group', 'role' or 'service'");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("policy", name);
        if (thingName != null) {
            if (attach) {
                policies.attach(name, thingName);
            } else {
                policies.detach(name, thingName);
            }
            view.put("thing", thingName);
        } else {
            if (attach) {
                policies.attachToPrincipal(name, type, id);
            } else {
                policies.detachFromPrincipal(name, type, id);
            }
            view.put(type, id);
        }
        view.put("attached", attach);
        ctx.json(view);
    }
}
