package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.TrafficHistory;
import dev.warden.console.core.TrafficHistory.Minute;
import dev.warden.console.view.TrafficView;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The overview's traffic panel: messages per second, authentication failures and authorization denials per minute
 * over the last hour or day, from the node's {@link TrafficHistory}. The panel is the API's {@code monitor:GetMetrics}
 * (the same figures as {@code GET /metrics}, per minute); reading it samples the gateway's counters first, so the
 * current minute is shown as far as it went.
 */
final class TrafficCharts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleSettings settings;
    private final ConsoleSources sources;
    private final Clock clock;

    TrafficCharts(ConsoleSettings settings, ConsoleSources sources, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.clock = clock;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/overview/traffic",
                "monitor:GetMetrics",
                ctx -> settings.arn("monitor", "metrics"),
                Pages.guarded(signedIn.apply(this::traffic)));
    }

    private void traffic(Context ctx) {
        String window = "day".equals(ctx.queryParam("window")) ? "day" : "hour";
        Instant now = clock.instant();
        TrafficHistory history = sources.traffic();
        history.record(now, sources.trafficNow());
        List<Minute> minutes = history.window(now, window.equals("day") ? TrafficHistory.MINUTES : 60);
        Pages.render(ctx, "overview-traffic.jte", view(window, minutes));
    }

    /** The panel's data and its figures in words. */
    static TrafficView view(String window, List<Minute> minutes) {
        List<Long> starts =
                minutes.stream().map(m -> m.start().getEpochSecond()).toList();
        List<Minute> observed = minutes.stream().filter(Minute::observed).toList();
        double peak =
                observed.stream().mapToDouble(Minute::messagesPerSecond).max().orElse(0);
        double last = observed.isEmpty() ? 0 : observed.get(observed.size() - 1).messagesPerSecond();
        return new TrafficView(
                window,
                json(List.of(starts, values(minutes, Minute::messagesPerSecond, 2))),
                json(List.of(
                        starts,
                        values(minutes, Minute::authenticationFailures, 1),
                        values(minutes, Minute::authorizationDenials, 1))),
                observed.size(),
                rate(last),
                rate(peak),
                Math.round(sum(observed, Minute::authenticationFailures)),
                Math.round(sum(observed, Minute::authorizationDenials)));
    }

    /** One series, rounded to {@code decimals} (the chart needs no more), null where the minute was not observed. */
    private static List<Double> values(List<Minute> minutes, Function<Minute, Double> value, int decimals) {
        double scale = Math.pow(10, decimals);
        List<Double> out = new ArrayList<>(minutes.size());
        for (Minute m : minutes) {
            Double v = value.apply(m);
            out.add(v == null ? null : Math.round(v * scale) / scale);
        }
        return out;
    }

    private static double sum(List<Minute> minutes, Function<Minute, Double> value) {
        return minutes.stream()
                .map(value)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart data not serializable", e);
        }
    }
}
