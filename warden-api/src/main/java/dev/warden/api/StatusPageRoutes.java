package dev.warden.api;

import dev.warden.incident.report.PublicIncident;
import dev.warden.incident.report.StatusPage;
import dev.warden.incident.report.StatusPageInput;
import dev.warden.incident.service.StatusPageService;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;

/**
 * The public status page on the public HTTP port, {@code /status} and {@code /status.json}: no authentication, by
 * design, and nothing on it but what the communication phase's updates said (public title, status, message,
 * services, regions). The page is cached by nobody ({@code no-store}): a status is only worth its freshness.
 */
public final class StatusPageRoutes {
    private final StatusPageService updates;
    private final String region;
    private final Clock clock;

    public StatusPageRoutes(StatusPageService updates, String region, Clock clock) {
        this.updates = updates;
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
        List<PublicIncident> shown =
                updates.shown().stream().map(PublicIncident::from).toList();
        return new StatusPageInput(region, shown, clock.instant());
    }
}
