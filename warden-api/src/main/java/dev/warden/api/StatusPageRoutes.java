package dev.warden.api;

import dev.warden.incident.report.PublicIncident;
import dev.warden.incident.report.StatusPage;
import dev.warden.incident.report.StatusPageInput;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The public status page on the public HTTP port, {@code /status} and {@code /status.json}: no authentication, by
 * design, and nothing on it but what the communication phase's updates said (public title, status, message,
 * services, regions). Browsers and proxies may not keep it ({@code no-store}); the node itself reads the updates from
 * the database at most every few seconds ({@code shown} is such a reader), so that an unauthenticated page cannot be
 * made to cost a query per request.
 */
public final class StatusPageRoutes {
    private final Supplier<List<PublicIncident>> shown;
    private final String region;
    private final Clock clock;

    /** @param shown the incidents the page shows now, in public words ({@link PublicIncident#from}) */
    public StatusPageRoutes(Supplier<List<PublicIncident>> shown, String region, Clock clock) {
        this.shown = shown;
        this.region = region;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(
                "/status",
                ErrorResponses.guarded(ctx -> ctx.header("Cache-Control", "no-store")
                        .header("Content-Security-Policy", StatusPage.HTTP_POLICY)
                        .contentType(StatusPage.HTML_TYPE)
                        .result(StatusPage.html(input()))));
        app.get(
                "/status.json",
                ErrorResponses.guarded(ctx -> ctx.header("Cache-Control", "no-store")
                        .contentType(StatusPage.JSON_TYPE)
                        .result(StatusPage.json(input()))));
    }

    private StatusPageInput input() {
        return new StatusPageInput(region, shown.get(), clock.instant());
    }
}
