package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.alarms.AlarmBook;
import dev.warden.monitor.alarms.Suppressions;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.profiles.ProfileService;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.monitor.store.StoredProfile;
import dev.warden.monitor.store.Suppression;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Security monitoring for operators: security profiles ({@code /monitor/profiles}, versioned; an update names the
 * version it replaces with {@code ?expectedVersion=N}), alarms and their verification ({@code /monitor/alarms}),
 * suppressions ({@code /monitor/suppressions}) and mitigations run by hand. Each route is a {@code monitor:} IAM
 * action on {@code securityprofile/<name>}, {@code alarm/<id>} or {@code suppression/<id>}.
 *
 * <p>A manual mitigation's IAM action is the mitigation's own ({@code monitor:Quarantine}, ...), and an audited route
 * has one fixed action, so each mitigation has its own route: {@code POST /monitor/alarms/{id}/mitigations/<action>}.
 */
public final class MonitorApi {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final ProfileService profiles;
    private final AlarmBook alarms;
    private final Suppressions suppressions;
    private final Consumer<String> thingDeleted;
    private final MitigationRoutes mitigations;

    /**
     * @param thingDeleted forgets a deleted thing in the engine and invalidates its active alarms
     * @param mitigations  the mitigations' service once it runs (it starts after the gateway), else null
     */
    public MonitorApi(
            ProfileService profiles,
            AlarmBook alarms,
            Suppressions suppressions,
            Consumer<String> thingDeleted,
            java.util.function.Supplier<dev.warden.monitor.mitigation.MitigationService> mitigations) {
        this.profiles = profiles;
        this.alarms = alarms;
        this.suppressions = suppressions;
        this.thingDeleted = thingDeleted;
        this.mitigations = new MitigationRoutes(mitigations);
    }

    /** Called after a thing is deleted: its alarms become invalid. */
    void onThingDeleted(String thing) {
        thingDeleted.accept(thing);
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        registerProfiles(routes, admin, arns);
        registerAlarms(routes, admin, arns);
        registerSuppressions(routes, admin, arns);
        mitigations.register(routes, admin, arns);
    }

    private void registerProfiles(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        Function<Context, String> any = ctx -> profileArn(arns, "*");
        Function<Context, String> named = ctx -> profileArn(arns, ctx.pathParam("name"));
        routes.add(
                GET,
                "/monitor/profiles",
                "monitor:ListSecurityProfiles",
                any,
                admin.apply(ctx -> ctx.json(Map.of(
                        "profiles",
                        profiles.list().stream()
                                .map(MonitorViews::profileSummary)
                                .toList()))));
        routes.add(
                POST,
                "/monitor/profiles",
                "monitor:CreateSecurityProfile",
                ctx -> profileArn(arns, bodyName(ctx)),
                admin.apply(ctx -> {
                    StoredProfile p = profiles.create(ctx.body(), actor(ctx));
                    changed(ctx, arns, p);
                    ctx.status(201).json(MonitorViews.profile(p));
                }));
        routes.add(GET, "/monitor/profiles/{name}", "monitor:DescribeSecurityProfile", named, admin.apply(ctx -> {
            String version = ctx.queryParam("version");
            if (version == null) {
                ctx.json(MonitorViews.profile(profiles.show(ctx.pathParam("name"))));
            } else {
                ctx.json(MonitorViews.version(profiles.show(ctx.pathParam("name"), number(version, "version")), true));
            }
        }));
        routes.add(PUT, "/monitor/profiles/{name}", "monitor:UpdateSecurityProfile", named, admin.apply(ctx -> {
            String expected = ctx.queryParam("expectedVersion");
            if (expected == null) {
                throw ApiException.badRequest(
                        "MISSING_FIELD", "expectedVersion (the version the update replaces) is required");
            }
            StoredProfile p =
                    profiles.update(ctx.pathParam("name"), ctx.body(), number(expected, "expectedVersion"), actor(ctx));
            changed(ctx, arns, p);
            ctx.json(MonitorViews.profile(p));
        }));
        routes.add(DELETE, "/monitor/profiles/{name}", "monitor:DeleteSecurityProfile", named, admin.apply(ctx -> {
            profiles.delete(ctx.pathParam("name"), actor(ctx));
            ctx.json(Map.of("name", ctx.pathParam("name"), "deleted", true));
        }));
        registerProfileVersionsAndTargets(routes, admin, arns, named);
    }

    /** A profile's versions, and the things and groups it watches. */
    private void registerProfileVersionsAndTargets(
            AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns, Function<Context, String> named) {
        routes.add(
                GET,
                "/monitor/profiles/{name}/versions",
                "monitor:DescribeSecurityProfile",
                named,
                admin.apply(ctx -> ctx.json(Map.of(
                        "name",
                        ctx.pathParam("name"),
                        "versions",
                        profiles.versions(ctx.pathParam("name")).stream()
                                .map(v -> MonitorViews.version(v, false))
                                .toList()))));
        routes.add(
                POST, "/monitor/profiles/{name}/targets", "monitor:AttachSecurityProfile", named, admin.apply(ctx -> {
                    String target = Requests.requiredText(Requests.body(ctx), "target");
                    StoredProfile p = profiles.attach(ctx.pathParam("name"), target, actor(ctx));
                    changed(ctx, arns, p);
                    ctx.json(MonitorViews.profile(p));
                }));
        // <target> takes the rest of the path, so that curl users write .../targets/group/floor-3 unencoded.
        routes.add(
                DELETE,
                "/monitor/profiles/{name}/targets/<target>",
                "monitor:DetachSecurityProfile",
                named,
                admin.apply(ctx -> {
                    StoredProfile p = profiles.detach(ctx.pathParam("name"), ctx.pathParam("target"), actor(ctx));
                    changed(ctx, arns, p);
                    ctx.json(MonitorViews.profile(p));
                }));
    }

    private void registerAlarms(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        Function<Context, String> alarm = ctx -> alarmArn(arns, ctx.pathParam("id"));
        routes.add(
                GET,
                "/monitor/alarms",
                "monitor:ListAlarms",
                ctx -> alarmArn(arns, "*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "alarms",
                        alarms.list(filter(ctx)).stream()
                                .map(a -> MonitorViews.alarm(a, alarms.arn(a.id())))
                                .toList()))));
        routes.add(
                GET,
                "/monitor/alarms/{id}",
                "monitor:DescribeAlarm",
                alarm,
                admin.apply(ctx -> ctx.json(view(alarms.show(alarmId(ctx))))));
        routes.add(POST, "/monitor/alarms/{id}/verification", "monitor:VerifyAlarm", alarm, admin.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String state = Requests.requiredText(body, "state");
            StoredAlarm a = alarms.verify(alarmId(ctx), state, Requests.optionalText(body, "note"), actor(ctx));
            AuditedRoutes.details(ctx, Map.of("verification", a.verification().id()));
            ctx.json(view(a));
        }));
        for (MitigationAction action : MitigationAction.values()) {
            routes.add(
                    POST,
                    "/monitor/alarms/{id}/mitigations/" + action.id(),
                    action.iamAction(),
                    alarm,
                    admin.apply(ctx -> {
                        long id = alarmId(ctx);
                        long mitigation = alarms.mitigate(id, action, actor(ctx));
                        AuditedRoutes.details(ctx, Map.of("mitigationId", mitigation));
                        ctx.status(201).json(Map.of("alarmId", id, "action", action.id(), "mitigationId", mitigation));
                    }));
        }
    }

    private void registerSuppressions(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        Function<Context, String> any = ctx -> arns.of("monitor", "suppression/*");
        routes.add(
                GET,
                "/monitor/suppressions",
                "monitor:ListSuppressions",
                any,
                admin.apply(ctx -> ctx.json(Map.of(
                        "suppressions",
                        suppressions.list().stream()
                                .map(s -> MonitorViews.suppression(s, suppressionArn(arns, s.id())))
                                .toList()))));
        routes.add(POST, "/monitor/suppressions", "monitor:CreateSuppression", any, admin.apply(ctx -> {
            Suppression s = suppressions.create(suppressionRequest(Requests.body(ctx)), actor(ctx));
            AuditedRoutes.resource(ctx, suppressionArn(arns, s.id()));
            ctx.status(201).json(MonitorViews.suppression(s, suppressionArn(arns, s.id())));
        }));
        routes.add(
                DELETE,
                "/monitor/suppressions/{id}",
                "monitor:DeleteSuppression",
                ctx -> arns.of("monitor", "suppression/" + ctx.pathParam("id")),
                admin.apply(ctx -> {
                    long id = suppressionId(ctx.pathParam("id"));
                    suppressions.delete(id);
                    ctx.json(Map.of("id", id, "deleted", true));
                }));
    }

    private static Suppressions.Request suppressionRequest(JsonNode body) {
        String thing = Requests.optionalText(body, "thing");
        String target = Requests.optionalText(body, "target");
        if (thing != null && target != null) {
            throw ApiException.badRequest("INVALID_FIELD", "give thing or target, not both");
        }
        Integer seconds = Requests.optionalInt(body, "expiresInSeconds");
        if (seconds == null) {
            throw ApiException.badRequest(
                    "MISSING_FIELD", "field 'expiresInSeconds' (at most 90 days) is required: suppressions expire");
        }
        return new Suppressions.Request(
                Optional.ofNullable(Requests.optionalText(body, "profile")),
                Optional.ofNullable(Requests.optionalText(body, "behaviour")),
                Optional.ofNullable(thing != null ? "thing/" + thing : target),
                Requests.optionalText(body, "reason"),
                Duration.ofSeconds(seconds));
    }

    private static AlarmFilter filter(Context ctx) {
        String thing = ctx.queryParam("thing");
        String target = ctx.queryParam("target");
        if (thing != null && target != null) {
            throw ApiException.badRequest("INVALID_FIELD", "give thing or target, not both");
        }
        return new AlarmFilter(
                "true".equals(ctx.queryParam("active")),
                Optional.ofNullable(thing != null ? "thing/" + thing : target),
                Optional.ofNullable(ctx.queryParam("profile")),
                Optional.ofNullable(ctx.queryParam("behaviour")),
                Optional.ofNullable(ctx.queryParam("severity")),
                Requests.limit(ctx));
    }

    private Map<String, Object> view(StoredAlarm a) {
        return MonitorViews.alarm(a, alarms.arn(a.id()));
    }

    /** The profile's own ARN and its new version, in the route's audit event. */
    private static void changed(Context ctx, ApiArns arns, StoredProfile p) {
        AuditedRoutes.resource(ctx, profileArn(arns, p.name()));
        AuditedRoutes.details(ctx, Map.of("version", p.version()));
    }

    private static String profileArn(ApiArns arns, String name) {
        return arns.of("monitor", "securityprofile/" + name);
    }

    private static String alarmArn(ApiArns arns, String id) {
        return arns.of("monitor", "alarm/" + id);
    }

    private static String suppressionArn(ApiArns arns, long id) {
        return arns.of("monitor", "suppression/" + id);
    }

    /** The name in a create's body, so that a policy can allow creating some profiles only; {@code *} otherwise. */
    private static String bodyName(Context ctx) {
        try {
            JsonNode name = Requests.body(ctx).get("name");
            return name != null
                            && name.isTextual()
                            && NAME.matcher(name.asText()).matches()
                    ? name.asText()
                    : "*";
        } catch (RuntimeException malformed) {
            return "*"; // the handler refuses the body with its reason
        }
    }

    /** An alarm's id from the path: a number, else {@code NO_SUCH_ALARM}. */
    public static long alarmId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new MonitorException(MonitorReason.NO_SUCH_ALARM, "no alarm " + raw);
        }
    }

    private static long suppressionId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new MonitorException(MonitorReason.NO_SUCH_SUPPRESSION, "no suppression " + raw);
        }
    }

    private static long number(String raw, String name) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", name + " must be a whole number");
        }
    }

    private static String actor(Context ctx) {
        AuditPrincipal principal = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
        return principal == null ? "unknown" : principal.type() + ":" + principal.id();
    }
}
