package dev.warden.api;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Handler;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code GET /metrics} ({@code monitor:GetMetrics} on {@code arn:warden:monitor:<region>:<account>:metrics}): the
 * node's metrics in the Prometheus text exposition format, for an existing Prometheus and Grafana. The scraper
 * authenticates like any admin client (a service account's API key or client certificate); each scrape is audited
 * as a read, with its outcome only. The metrics themselves come from the node as text, so this module needs no
 * metrics library.
 */
public final class MetricsApi {
    /** The Prometheus text exposition format, version 0.0.4: what every Prometheus scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    /** @param scrape the exposition text, read at each call; must not block on the node's data-plane threads */
    public MetricsApi(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin, ApiArns arns) {
        routes.add(
                GET,
                "/metrics",
                "monitor:GetMetrics",
                ctx -> arns.of("monitor", "metrics"),
                admin.apply(ctx -> ctx.contentType(CONTENT_TYPE).result(scrape.get())));
    }
}
