package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.console.view.RegionsView;
import dev.warden.region.service.RegionEvents;
import dev.warden.region.service.Regions;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Regions page: this node's region and role, each member region's link as this node observes it, IAM
 * replication's position and staleness, central audit's shipping lag, and failovers. The page and its refreshing
 * panel are {@code region:ListRegions} on every region, the action of the API's {@code GET /regions}; a node in no
 * deployment says it is a single region.
 */
final class RegionPages {
    private final ConsoleSettings settings;
    private final Supplier<Optional<Regions>> regions;
    private final Clock clock;

    RegionPages(ConsoleSettings settings, Supplier<Optional<Regions>> regions, Clock clock) {
        this.settings = settings;
        this.regions = regions;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/regions",
                "region:ListRegions",
                ctx -> RegionEvents.regionArn(settings.account(), "*"),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(
                        ctx, "regions.jte", new RegionsView.Page(SignIn.frame(ctx, "Regions", "regions"), status())))));
        routes.add(
                GET,
                "/console/regions/status",
                "region:ListRegions",
                ctx -> RegionEvents.regionArn(settings.account(), "*"),
                Pages.guarded(signedIn.apply(ctx -> Pages.render(ctx, "regions-status.jte", status()))));
    }

    private RegionsView.Status status() {
        return regions.get()
                .map(r -> RegionStatus.of(RegionStatus.Snapshot.of(r), clock.instant()))
                .orElseGet(() -> RegionStatus.linksOff(settings.region()));
    }
}
