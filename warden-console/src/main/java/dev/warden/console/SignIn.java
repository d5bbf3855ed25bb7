package dev.warden.console;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.api.SignedIn;
import dev.warden.audit.AuditPrincipal;
import dev.warden.console.core.RequestChecks;
import dev.warden.console.view.Frame;
import dev.warden.console.view.LoginView;
import dev.warden.iam.IamException;
import dev.warden.iam.UserService;
import dev.warden.pki.Fingerprints;
import dev.warden.registry.CertificateService;
import dev.warden.registry.RegistryException;
import dev.warden.registry.UserCertificates;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out of the console, and who a console request comes from. Sign-in is IAM's own login (Argon2id
 * password, TOTP or a recovery code, IAM's lockout), and the console accepts only a sign-in that proved a second
 * factor; or the user's client certificate from the TLS handshake, checked as a service account's is
 * ({@link UserCertificates}: kind USER, ACTIVE in the live index, the user's ARN), which counts as that second factor
 * and still goes through IAM's refusals (disabled, locked out). The session lives in a {@code __Host-} cookie ({@code Secure}, {@code HttpOnly}, {@code SameSite=Strict},
 * path {@code /}, no domain); every state-changing request must come from the console's own origin and carry the
 * session's anti-CSRF token, or it is refused (403 {@code CSRF_REJECTED}) before any decision is made.
 */
final class SignIn {
    static final String SESSION_COOKIE = "__Host-warden-console";
    static final String SIGN_IN_COOKIE = "__Host-warden-signin";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "console.session";

    private final ConsoleSessions sessions;
    private final UserService users;
    private final UserCertificates certificates;
    private final SecureRandom random = new SecureRandom();

    SignIn(ConsoleSessions sessions, UserService users, UserCertificates certificates) {
        this.sessions = sessions;
        this.users = users;
        this.certificates = certificates;
    }

    /** {@code GET /console/login}: the form, with a token bound to a short-lived sign-in cookie (login CSRF). */
    void form(Context ctx) {
        String token = token();
        cookie(ctx, SIGN_IN_COOKIE, token, 600);
        Pages.render(ctx, "login.jte", new LoginView(token, "", null));
    }

    /** {@code POST /console/login} ({@code sts:Login}, audited by the caller's {@code AuditedRoutes}). */
    void login(Context ctx) {
        AuditedRoutes.source(ctx, SignedIn.CONSOLE);
        String name = Optional.ofNullable(ctx.formParam("user")).orElse("").trim();
        if (!name.isEmpty()) {
            // Named before the outcome is known, so that failed sign-ins are attributed in the trail too.
            AuditedRoutes.principal(ctx, new AuditPrincipal(UserService.PRINCIPAL_TYPE, name, null));
        }
        String token = token();
        try {
            requireOwnForm(ctx);
            String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
            UserService.Login login = users.login(name, password.toCharArray(), ctx.formParam("code"));
            if (!login.mfa()) {
                users.logout(login.refreshToken());
                throw ApiException.forbidden(
                        "MFA_REQUIRED",
                        "the console needs a second factor: TOTP enrolled in this region, or sign in with a client"
                                + " certificate (in a member region, TOTP seeds stay in the control region)");
            }
            ConsoleSessions.Created created = start(ctx, name, login, null);
            AuditedRoutes.principal(
                    ctx,
                    new AuditPrincipal(UserService.PRINCIPAL_TYPE, name, "console-session:" + created.session().id));
        } catch (IamException | ApiException refused) {
            dev.warden.api.ErrorResponses.respond(ctx, refused);
            cookie(ctx, SIGN_IN_COOKIE, token, 600);
            Pages.render(ctx, "login.jte", new LoginView(token, name, refused.getMessage()));
        }
    }

    /**
     * {@code POST /console/login/certificate} ({@code sts:Login}, audited with {@code method: certificate} and the
     * certificate's fingerprint as the credential): the client certificate of this TLS connection signs its user in.
     * A refusal names the certificate (by fingerprint) in the trail and shows the login page with the reason.
     */
    void certificateLogin(Context ctx) {
        AuditedRoutes.source(ctx, SignedIn.CONSOLE);
        AuditedRoutes.details(ctx, Map.of("method", "certificate"));
        String token = token();
        try {
            requireOwnForm(ctx);
            X509Certificate[] chain = clientChain(ctx);
            if (chain != null) {
                AuditedRoutes.principal(
                        ctx,
                        new AuditPrincipal(
                                "certificate",
                                CertificateService.commonName(chain[0]),
                                Fingerprints.sha256Hex(chain[0])));
            }
            UserCertificates.CertificateIdentity identity = certificates.authenticate(chain);
            AuditedRoutes.principal(
                    ctx, new AuditPrincipal(UserService.PRINCIPAL_TYPE, identity.user(), identity.credential()));
            UserService.Login login = users.loginWithCertificate(identity.user());
            ConsoleSessions.Created created = start(ctx, identity.user(), login, identity);
            AuditedRoutes.details(ctx, Map.of("method", "certificate", "session", created.session().id));
        } catch (IamException | ApiException | RegistryException refused) {
            dev.warden.api.ErrorResponses.respond(ctx, refused);
            cookie(ctx, SIGN_IN_COOKIE, token, 600);
            Pages.render(
                    ctx, "login.jte", new LoginView(token, "", "Certificate sign-in refused: " + refused.getMessage()));
        }
    }

    /**
     * A session for a user whose sign-in proved a second factor, its cookie, and the way to the overview. Too many
     * sessions on the node: 503, and the sign-in's refresh token is revoked.
     */
    private ConsoleSessions.Created start(
            Context ctx, String name, UserService.Login login, UserCertificates.CertificateIdentity certificate) {
        ConsoleSessions.Created created = sessions.create(name, true, login.refreshToken(), certificate)
                .orElseThrow(() -> {
                    users.logout(login.refreshToken());
                    return new ApiException(503, "TOO_MANY_SESSIONS", "too many console sessions on this node");
                });
        cookie(ctx, SIGN_IN_COOKIE, "", 0);
        cookie(ctx, SESSION_COOKIE, created.cookie(), -1);
        ctx.redirect("/console/overview", io.javalin.http.HttpStatus.SEE_OTHER);
        return created;
    }

    private static X509Certificate[] clientChain(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return attribute instanceof X509Certificate[] chain && chain.length > 0 ? chain : null;
    }

    /** {@code POST /console/logout}: ends the session here and revokes its IAM refresh token. */
    void logout(Context ctx) {
        sessions.signOut(ctx.cookie(SESSION_COOKIE));
        cookie(ctx, SESSION_COOKIE, "", 0);
        ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * Who this request comes from: the session its cookie names, or null. A state-changing request from another
     * origin or without the session's token is refused here; a user disabled since signing in loses the session, and
     * so does a session signed in by a certificate that has since been revoked, deactivated or has expired.
     */
    SignedIn caller(Context ctx) {
        // htmx requests are the overview's own polling, not the operator: they do not reset the idle timeout.
        ConsoleSessions.Session session = sessions.use(ctx.cookie(SESSION_COOKIE), ctx.header("HX-Request") == null)
                .orElse(null);
        if (session == null) {
            return null;
        }
        if (!readOnly(ctx)) {
            if (!RequestChecks.sameOrigin(ctx.header("Origin"), ctx.header("Referer"), ownOrigin(ctx))) {
                throw ApiException.forbidden("CSRF_REJECTED", "this request did not come from the console's own pages");
            }
            String presented = ctx.header(CSRF_HEADER) != null ? ctx.header(CSRF_HEADER) : ctx.formParam(CSRF_FIELD);
            if (!RequestChecks.tokenMatches(session.csrf, presented)) {
                throw ApiException.forbidden("CSRF_REJECTED", "this request did not carry the session's token");
            }
        }
        if (!active(session.user) || (session.certificate != null && !certificates.stillActive(session.certificate))) {
            sessions.signOut(ctx.cookie(SESSION_COOKIE));
            return null;
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
        return new SignedIn(
                new AuditPrincipal(UserService.PRINCIPAL_TYPE, session.user, "console-session:" + session.id),
                session.mfa);
    }

    /** The frame of a page for the request's session (set by {@link #caller}). */
    static Frame frame(Context ctx, String title, String section) {
        ConsoleSessions.Session session = ctx.attribute(SESSION_ATTRIBUTE);
        if (session == null) {
            throw new IllegalStateException("a console page rendered without a session");
        }
        return new Frame(title, section, session.user, session.csrf);
    }

    private boolean active(String user) {
        try {
            return !users.disabled(user);
        } catch (IamException gone) {
            return false;
        }
    }

    private void requireOwnForm(Context ctx) {
        if (!RequestChecks.sameOrigin(ctx.header("Origin"), ctx.header("Referer"), ownOrigin(ctx))
                || !RequestChecks.tokenMatches(ctx.cookie(SIGN_IN_COOKIE), ctx.formParam("loginToken"))) {
            throw ApiException.forbidden("CSRF_REJECTED", "sign in from the console's own sign-in page");
        }
    }

    private static boolean readOnly(Context ctx) {
        return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    }

    /** The origin a browser on the console's pages sends: this listener is HTTPS only, the host is the request's. */
    static String ownOrigin(Context ctx) {
        String host = ctx.header("Host");
        return host == null ? null : "https://" + host;
    }

    /** A cookie with every protection: {@code maxAge} -1 for a session cookie, 0 to delete it. */
    static void cookie(Context ctx, String name, String value, int maxAge) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict"
                                + (maxAge >= 0 ? "; Max-Age=" + maxAge : ""));
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
