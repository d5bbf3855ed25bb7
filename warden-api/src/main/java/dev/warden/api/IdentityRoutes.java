package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.iam.RoleService;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.registry.ServiceAccountCertificates;
import dev.warden.registry.UserCertificates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * People's side of IAM over the admin API: login (password, then TOTP or a recovery code) returning a 15-minute
 * ES256 access token and a refresh token; refresh and logout; the token-signing public keys at
 * {@code /.well-known/jwks.json}; and user and MFA management, each an IAM action decided by the policy engine.
 */
public final class IdentityRoutes {
    private final UserService users;
    private final RoleService roles;
    private final ServiceAccounts services;
    private final ServiceAccountCertificates serviceCertificates;
    private final UserCertificates userCertificates;
    private final TokenService tokens;
    private final UnaryOperator<Handler> authenticated;
    private final Function<String, String> iamArn;
    private final Function<String, String> userArn;

    /**
     * @param authenticated wraps a handler so that it runs only for an authenticated, authorized caller
     * @param iamArn        the IAM ARN of a resource such as {@code user/alice} or {@code role/deployer}
     */
    public IdentityRoutes(
            UserService users,
            RoleService roles,
            ServiceAccounts services,
            ServiceAccountCertificates serviceCertificates,
            UserCertificates userCertificates,
            TokenService tokens,
            UnaryOperator<Handler> authenticated,
            Function<String, String> iamArn) {
        this.users = users;
        this.roles = roles;
        this.services = services;
        this.serviceCertificates = serviceCertificates;
        this.userCertificates = userCertificates;
        this.tokens = tokens;
        this.authenticated = authenticated;
        this.iamArn = iamArn;
        this.userArn = name -> iamArn.apply("user/" + name);
    }

    public void register(Javalin app, AuditedRoutes routes) {
        app.get(
                "/.well-known/jwks.json",
                ErrorResponses.guarded(
                        ctx -> ctx.contentType("application/json").result(tokens.jwksJson())));

        routes.add(POST, "/auth/login", "sts:Login", ctx -> userArn.apply("*"), this::login);
        routes.add(POST, "/auth/refresh", "sts:RefreshToken", ctx -> userArn.apply("*"), ctx -> {
            UserService.Login login = users.refresh(Requests.requiredText(Requests.body(ctx), "refreshToken"));
            ctx.json(view(login, false));
        });
        routes.add(POST, "/auth/logout", "sts:Logout", ctx -> userArn.apply("*"), ctx -> {
            users.logout(Requests.requiredText(Requests.body(ctx), "refreshToken"));
            ctx.status(204);
        });

        routes.add(POST, "/users", "iam:CreateUser", ctx -> userArn.apply("*"), authenticated.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String name = Requests.requiredText(body, "name");
            AuditedRoutes.resource(ctx, userArn.apply(name));
            users.create(name, Requests.requiredText(body, "password").toCharArray());
            ctx.status(201).json(Map.of("name", name));
        }));
        routes.add(
                GET,
                "/users",
                "iam:ListUsers",
                ctx -> userArn.apply("*"),
                authenticated.apply(ctx -> ctx.json(Map.of("users", users.names()))));
        routes.add(
                POST,
                "/users/{name}/mfa",
                "iam:CreateVirtualMFADevice",
                ctx -> userArn.apply(ctx.pathParam("name")),
                authenticated.apply(ctx -> {
                    UserService.MfaEnrollment enrollment = users.beginMfa(ctx.pathParam("name"));
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("otpauthUri", enrollment.otpauthUri());
                    view.put("secret", enrollment.secretBase32());
                    view.put("recoveryCodes", enrollment.recoveryCodes());
                    ctx.status(201).json(view);
                }));
        routes.add(
                POST,
                "/users/{name}/mfa/confirm",
                "iam:EnableMFADevice",
                ctx -> userArn.apply(ctx.pathParam("name")),
                authenticated.apply(ctx -> {
                    users.confirmMfa(ctx.pathParam("name"), Requests.requiredText(Requests.body(ctx), "code"));
                    ctx.json(Map.of("name", ctx.pathParam("name"), "mfaEnabled", true));
                }));
        registerUserCertificates(routes);
        registerGroupsAndRoles(routes);
        registerServiceAccounts(routes);
    }

    /**
     * A user's client certificates, for signing in to the console: as a service account's, only a CSR comes in (the
     * user keeps the key) and the response is the certificate. They stay in the region that issued them.
     */
    private void registerUserCertificates(AuditedRoutes routes) {
        Function<Context, String> user = ctx -> userArn.apply(ctx.pathParam("name"));
        routes.add(
                POST,
                "/users/{name}/certificates",
                "iam:CreateUserCertificate",
                user,
                authenticated.apply(ctx -> ctx.status(201)
                        .json(Views.issued(
                                userCertificates.issue(ctx.pathParam("name"), Requests.csr(Requests.body(ctx)))))));
        routes.add(
                GET,
                "/users/{name}/certificates",
                "iam:ListUserCertificates",
                user,
                authenticated.apply(ctx -> ctx.json(
                        Views.list("certificates", userCertificates.list(ctx.pathParam("name")), Views::certificate))));
        routes.add(
                POST,
                "/users/{name}/certificates/{serial}/revoke",
                "iam:RevokeUserCertificate",
                user,
                authenticated.apply(ctx -> ctx.json(Views.certificate(userCertificates.revoke(
                        ctx.pathParam("name"),
                        ctx.pathParam("serial"),
                        Requests.revocationReason(Requests.body(ctx)))))));
    }

    private void registerServiceAccounts(AuditedRoutes routes) {
        Function<Context, String> account = ctx -> iamArn.apply("service/" + ctx.pathParam("name"));
        routes.add(
                POST,
                "/service-accounts",
                "iam:CreateServiceAccount",
                ctx -> iamArn.apply("service/*"),
                authenticated.apply(ctx -> {
                    String name = Requests.requiredText(Requests.body(ctx), "name");
                    AuditedRoutes.resource(ctx, iamArn.apply("service/" + name));
                    services.create(name);
                    ctx.status(201).json(Map.of("name", name));
                }));
        routes.add(POST, "/service-accounts/{name}/keys", "iam:CreateAccessKey", account, authenticated.apply(ctx -> {
            Integer days = Requests.optionalInt(Requests.body(ctx), "expiresInDays");
            ServiceAccounts.NewKey key =
                    services.createKey(ctx.pathParam("name"), java.time.Duration.ofDays(days == null ? 90 : days));
            ctx.status(201)
                    .json(Map.of(
                            "id",
                            key.id(),
                            "key",
                            key.key(),
                            "expiresAt",
                            key.expiresAt().toString()));
        }));
        routes.add(
                GET,
                "/service-accounts/{name}/keys",
                "iam:ListAccessKeys",
                account,
                authenticated.apply(ctx -> ctx.json(Map.of(
                        "keys",
                        services.keys(ctx.pathParam("name")).stream()
                                .map(k -> Map.of(
                                        "id", k.id(), "expiresAt", k.expiresAt().toString(), "revoked", k.revoked()))
                                .toList()))));
        routes.add(
                io.javalin.http.HandlerType.DELETE,
                "/service-accounts/{name}/keys/{id}",
                "iam:DeleteAccessKey",
                account,
                authenticated.apply(ctx -> {
                    services.revokeKey(ctx.pathParam("name"), ctx.pathParam("id"));
                    ctx.status(204);
                }));
        registerServiceAccountCertificates(routes, account);
    }

    /** Client certificates: only a CSR comes in (the application keeps its key); the response is the certificate. */
    private void registerServiceAccountCertificates(AuditedRoutes routes, Function<Context, String> account) {
        routes.add(
                POST,
                "/service-accounts/{name}/certificates",
                "iam:CreateServiceAccountCertificate",
                account,
                authenticated.apply(ctx -> ctx.status(201)
                        .json(Views.issued(
                                serviceCertificates.issue(ctx.pathParam("name"), Requests.csr(Requests.body(ctx)))))));
        routes.add(
                GET,
                "/service-accounts/{name}/certificates",
                "iam:ListServiceAccountCertificates",
                account,
                authenticated.apply(ctx -> ctx.json(Views.list(
                        "certificates", serviceCertificates.list(ctx.pathParam("name")), Views::certificate))));
        routes.add(
                POST,
                "/service-accounts/{name}/certificates/{serial}/revoke",
                "iam:RevokeServiceAccountCertificate",
                account,
                authenticated.apply(ctx -> ctx.json(Views.certificate(serviceCertificates.revoke(
                        ctx.pathParam("name"),
                        ctx.pathParam("serial"),
                        Requests.revocationReason(Requests.body(ctx)))))));
    }

    private void registerGroupsAndRoles(AuditedRoutes routes) {
        Function<String, String> iam = iamArn;
        routes.add(POST, "/groups", "iam:CreateGroup", ctx -> iam.apply("group/*"), authenticated.apply(ctx -> {
            String name = Requests.requiredText(Requests.body(ctx), "name");
            AuditedRoutes.resource(ctx, iam.apply("group/" + name));
            roles.createGroup(name);
            ctx.status(201).json(Map.of("name", name));
        }));
        routes.add(
                POST,
                "/groups/{name}/members",
                "iam:AddUserToGroup",
                ctx -> iam.apply("group/" + ctx.pathParam("name")),
                authenticated.apply(ctx -> {
                    String user = Requests.requiredText(Requests.body(ctx), "user");
                    roles.addMember(ctx.pathParam("name"), user);
                    ctx.json(Map.of("group", ctx.pathParam("name"), "user", user));
                }));
        routes.add(POST, "/roles", "iam:CreateRole", ctx -> iam.apply("role/*"), authenticated.apply(ctx -> {
            JsonNode body = Requests.body(ctx);
            String name = Requests.requiredText(body, "name");
            AuditedRoutes.resource(ctx, iam.apply("role/" + name));
            Integer max = Requests.optionalInt(body, "maxSessionSeconds");
            roles.createRole(
                    name,
                    Requests.requiredText(body, "trustPolicy"),
                    java.time.Duration.ofSeconds(max == null ? 3600 : max));
            ctx.status(201).json(Map.of("name", name));
        }));
        routes.add(
                POST,
                "/roles/{name}/assume",
                "sts:AssumeRole",
                ctx -> iam.apply("role/" + ctx.pathParam("name")),
                authenticated.apply(ctx -> {
                    JsonNode body = Requests.body(ctx);
                    AuditPrincipal caller = (AuditPrincipal) (Object) ctx.attribute(AuditedRoutes.PRINCIPAL);
                    Integer seconds = Requests.optionalInt(body, "durationSeconds");
                    RoleService.RoleSession session = roles.assume(
                            ctx.pathParam("name"),
                            caller.type(),
                            caller.id(),
                            Boolean.TRUE.equals((Object) ctx.attribute(AuditedRoutes.MFA)),
                            Requests.optionalText(body, "sessionPolicy"),
                            seconds == null ? null : java.time.Duration.ofSeconds(seconds));
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("accessToken", session.accessToken());
                    view.put("tokenType", "Bearer");
                    view.put("expiresAt", session.expiresAt().toString());
                    ctx.json(view);
                }));
    }

    private void login(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String name = Requests.requiredText(body, "user");
        // Named before the outcome is known, so that failed logins are attributed in the trail too.
        AuditedRoutes.principal(ctx, new AuditPrincipal(UserService.PRINCIPAL_TYPE, name, null));
        AuditedRoutes.resource(ctx, userArn.apply(name));
        UserService.Login login = users.login(
                name, Requests.requiredText(body, "password").toCharArray(), Requests.optionalText(body, "code"));
        ctx.json(view(login, true));
    }

    private static Map<String, Object> view(UserService.Login login, boolean withRefresh) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessToken", login.accessToken());
        m.put("tokenType", "Bearer");
        m.put("expiresAt", login.expiresAt().toString());
        m.put("mfa", login.mfa());
        if (withRefresh) {
            m.put("refreshToken", login.refreshToken());
        }
        return m;
    }
}
