package dev.warden.console;

import static io.javalin.http.HandlerType.POST;

import dev.warden.api.AdminApi;
import dev.warden.api.AuditedRoutes;
import dev.warden.audit.NodeAudit;
import dev.warden.console.core.SecurityHeaders;
import dev.warden.iam.UserService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security operator's console, mounted under {@code /console} on the node's HTTPS admin listener. Every page and
 * action is a route of the API's kind: an IAM action on a resource ARN, decided by the signed-in user's policies and
 * audited with {@code source=console} ({@link AdminApi#signedIn}). Every response under {@code /console} carries
 * {@link SecurityHeaders}; every asset is served from this node (htmx and uPlot from their WebJars), none from
 * elsewhere.
 */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    /** The htmx WebJar's version, as in this module's pom (a test checks that the file is there). */
    static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js";

    /** The uPlot WebJar's version, as in this module's pom: the overview's charts. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    private static final Map<String, Asset> ASSETS = Map.of(
            "htmx.min.js", new Asset(HTMX, "text/javascript; charset=utf-8"),
            "console.css", new Asset("dev/warden/console/assets/console.css", "text/css; charset=utf-8"),
            "uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"),
            "charts.js", new Asset("dev/warden/console/assets/charts.js", "text/javascript; charset=utf-8"));

    private final ConsoleSessions sessions;
    private final SignIn signIn;
    private final OverviewPages overview;
    private final DevicePages devices;
    private final AuditPages auditPages;
    private final PolicyPages policies;
    private final PolicyEditor policyEditor;
    private final PolicyLifecycle policyLifecycle;
    private final DeviceQuarantine quarantine;
    private final DeviceHistory deviceHistory;
    private final MonitorPages monitoring;
    private final IncidentPages incidentPages;
    private final CompliancePages compliancePages;
    private final ComplianceFixes complianceFixes;
    private final VaultPages vaultPages;
    private final RegionPages regionPages;
    private final TrafficCharts traffic;
    private final ConsoleSettings settings;
    private final NodeAudit audit;

    private record Asset(String resource, String contentType) {}

    public Console(ConsoleSettings settings, ConsoleServices services) {
        this.settings = settings;
        this.audit = services.audit();
        UserService users = services.users();
        this.sessions =
                new ConsoleSessions(settings.lifetime(), services.clock(), ended -> revokeQuietly(users, ended));
        this.signIn = new SignIn(
                sessions,
                users,
                new dev.warden.registry.UserCertificates(
                        services.database(), services.certificates(), services.clock()));
        this.overview = new OverviewPages(
                settings,
                services.database(),
                services.sources(),
                services.auditStore(),
                services.audit(),
                services.clock());
        this.devices = new DevicePages(settings, services.database(), services.certificates(), services.sources());
        this.policies = new PolicyPages(settings, services.policies());
        this.policyEditor = new PolicyEditor(settings, services.policies(), policies);
        this.policyLifecycle = new PolicyLifecycle(settings, services.policies());
        this.quarantine = new DeviceQuarantine(settings, services.monitor(), services.database());
        this.deviceHistory = new DeviceHistory(settings, services.auditStore(), services.attestation());
        this.monitoring = new MonitorPages(settings, services.monitor());
        this.auditPages = new AuditPages(settings, services.auditStore(), services.trailKeys());
        this.incidentPages = new IncidentPages(services.incidents(), services.clock());
        this.compliancePages = new CompliancePages(services.compliance(), services.clock());
        this.complianceFixes =
                new ComplianceFixes(settings, services.compliance(), services.vault(), services.certificates());
        this.vaultPages = new VaultPages(settings, services.vault(), services.clock());
        this.regionPages = new RegionPages(settings, services.regions(), services.clock());
        this.traffic = new TrafficCharts(settings, services.sources(), services.clock());
    }

    /** Adds the console's routes and headers to the admin listener; call before it starts. */
    public void mount(Javalin app, AdminApi api) {
        app.before(ctx -> {
            if (ctx.path().equals("/console") || ctx.path().startsWith("/console/")) {
                SecurityHeaders.ALL.forEach(ctx::header);
            }
        });
        AuditedRoutes routes = new AuditedRoutes(app, audit);
        UnaryOperator<Handler> signedIn = api.signedIn(signIn::caller);
        app.get("/console", ctx -> ctx.redirect("/console/overview"));
        app.get("/console/", ctx -> ctx.redirect("/console/overview"));
        app.get("/console/login", signIn::form);
        app.get("/console/assets/{file}", Console::asset);
        routes.add(POST, "/console/login", "sts:Login", ctx -> settings.arn("iam", "user/*"), signIn::login);
        routes.add(
                POST,
                "/console/login/certificate",
                "sts:Login",
                ctx -> settings.arn("iam", "user/*"),
                signIn::certificateLogin);
        routes.add(
                POST,
                "/console/logout",
                "sts:Logout",
                ctx -> settings.arn("iam", "user/*"),
                Pages.guarded(signedIn.apply(signIn::logout)));
        overview.register(routes, signedIn);
        traffic.register(routes, signedIn);
        devices.register(routes, signedIn);
        quarantine.register(routes, signedIn);
        deviceHistory.register(routes, signedIn);
        policies.register(routes, signedIn);
        policyEditor.register(routes, signedIn);
        policyLifecycle.register(routes, signedIn);
        monitoring.register(routes, signedIn);
        auditPages.register(routes, signedIn);
        incidentPages.register(routes, signedIn);
        compliancePages.register(routes, signedIn);
        complianceFixes.register(routes, signedIn);
        vaultPages.register(routes, signedIn);
        regionPages.register(routes, signedIn);
    }

    /** Live console sessions on this node (for tests and metrics). */
    public int liveSessions() {
        return sessions.live();
    }

    private static void asset(Context ctx) throws IOException {
        Asset asset = ASSETS.get(ctx.pathParam("file"));
        if (asset == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
            return;
        }
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw new IllegalStateException("missing console asset " + asset.resource());
            }
            ctx.header("Cache-Control", "no-cache")
                    .contentType(asset.contentType())
                    .result(in.readAllBytes());
        }
    }

    private static void revokeQuietly(UserService users, ConsoleSessions.Session ended) {
        try {
            users.logout(ended.refreshToken);
        } catch (RuntimeException alreadyRevoked) {
            // Revoked already (the user was disabled, or its sessions revoked through IAM): nothing left to do.
            LOG.debug("console session of {} ended; its refresh token was no longer live", ended.user);
        }
    }
}
