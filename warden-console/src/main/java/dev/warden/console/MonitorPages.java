package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.AlarmQuery;
import dev.warden.console.core.PageRequest;
import dev.warden.console.view.AlarmRow;
import dev.warden.console.view.AlarmView;
import dev.warden.console.view.MonitoringView;
import dev.warden.console.view.ProfilesView;
import dev.warden.console.view.SuppressionsView;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.core.ProfileParser;
import dev.warden.monitor.core.SecurityProfile;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.monitor.store.StoredProfile;
import dev.warden.monitor.store.Suppression;
import dev.warden.monitor.store.Verification;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Monitoring: alarms, newest first (filtered by state and severity on the server, keyset pages by id), an alarm's
 * page, and verifying an alarm with a state and a note: the API's {@code monitor:VerifyAlarm} on the alarm's ARN,
 * calling the same {@code AlarmBook.verify} as {@code warden monitor verify}. The suppressions in force
 * ({@code monitor:ListSuppressions}) and the security profiles ({@code monitor:ListSecurityProfiles}) are panels the
 * page loads, each its own decision, as the API's routes are.
 */
final class MonitorPages {
    private final ConsoleSettings settings;
    private final MonitorServices monitor;

    MonitorPages(ConsoleSettings settings, MonitorServices monitor) {
        this.settings = settings;
        this.monitor = monitor;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/monitoring",
                "monitor:ListAlarms",
                ctx -> settings.arn("monitor", "alarm/*"),
                Pages.guarded(signedIn.apply(this::list)));
        routes.add(
                GET,
                "/console/monitoring/suppressions",
                "monitor:ListSuppressions",
                ctx -> settings.arn("monitor", "suppression/*"),
                Pages.guarded(signedIn.apply(this::suppressions)));
        routes.add(
                GET,
                "/console/monitoring/profiles",
                "monitor:ListSecurityProfiles",
                ctx -> settings.arn("monitor", "securityprofile/*"),
                Pages.guarded(signedIn.apply(this::profiles)));
        routes.add(
                GET,
                "/console/monitoring/alarms/{id}",
                "monitor:DescribeAlarm",
                ctx -> settings.arn("monitor", "alarm/" + ctx.pathParam("id")),
                Pages.guarded(signedIn.apply(this::show)));
        routes.add(
                POST,
                "/console/monitoring/alarms/{id}/verification",
                "monitor:VerifyAlarm",
                ctx -> settings.arn("monitor", "alarm/" + ctx.pathParam("id")),
                Pages.guarded(signedIn.apply(this::verify)));
    }

    private void list(Context ctx) {
        AlarmQuery query;
        try {
            query = AlarmQuery.of(
                    ctx.queryParam("active"),
                    ctx.queryParam("severity"),
                    ctx.queryParam("limit"),
                    ctx.queryParam("after"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_PAGE", e.getMessage());
        }
        PageRequest request = query.page();
        AlarmFilter filter = new AlarmFilter(
                query.activeOnly(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                query.severity().isEmpty() ? Optional.empty() : Optional.of(query.severity()),
                request.fetch(),
                query.beforeId());
        PageRequest.Page<StoredAlarm> page = request.page(monitor.alarms().list(filter), a -> Long.toString(a.id()));
        Pages.render(
                ctx,
                "monitoring.jte",
                new MonitoringView(
                        SignIn.frame(ctx, "Monitoring", "monitoring"),
                        query.activeOnly(),
                        query.severity(),
                        AlarmQuery.SEVERITIES,
                        page.items().stream().map(MonitorPages::row).toList(),
                        page.next() == null ? null : query.next(page.next())));
    }

    private void show(Context ctx) {
        StoredAlarm a = monitor.alarms().show(alarmId(ctx));
        String verified = ctx.queryParam("verified");
        // Said only when the alarm stands so now: the query string alone proves nothing.
        String notice =
                a.verification().id().equals(verified) ? "Alarm " + a.id() + " is verified as " + verified + "." : null;
        Pages.render(
                ctx,
                "alarm.jte",
                new AlarmView(
                        SignIn.frame(ctx, "Alarm " + a.id(), "monitoring"),
                        row(a),
                        a.metric(),
                        Double.toString(a.value()),
                        a.detail() == null ? "" : a.detail(),
                        time(a.lastSeen()),
                        a.clearedAt().map(Instant::toString).orElse(""),
                        a.invalidReason().orElse(""),
                        a.raiseCount(),
                        a.verificationNote().orElse(""),
                        a.verifiedBy().orElse(""),
                        a.verifiedAt().map(Instant::toString).orElse(""),
                        Arrays.stream(Verification.values())
                                .map(Verification::id)
                                .toList(),
                        notice));
    }

    private void verify(Context ctx) {
        long id = alarmId(ctx);
        String note = text(ctx.formParam("note"));
        StoredAlarm a = monitor.alarms()
                .verify(id, text(ctx.formParam("state")), note.isEmpty() ? null : note, AuditedRoutes.actor(ctx));
        AuditedRoutes.details(ctx, Map.of("verification", a.verification().id()));
        // Post, redirect, get: reloading the page does not post the verification again.
        ctx.redirect(
                "/console/monitoring/alarms/" + a.id() + "?verified="
                        + a.verification().id(),
                HttpStatus.SEE_OTHER);
    }

    private void suppressions(Context ctx) {
        List<SuppressionsView.Row> rows =
                monitor.suppressions().list().stream().map(MonitorPages::row).toList();
        Pages.render(ctx, "monitoring-suppressions.jte", new SuppressionsView(rows));
    }

    private void profiles(Context ctx) {
        List<ProfilesView.Row> rows =
                monitor.profiles().list().stream().map(MonitorPages::row).toList();
        Pages.render(ctx, "monitoring-profiles.jte", new ProfilesView(rows));
    }

    private static AlarmRow row(StoredAlarm a) {
        return new AlarmRow(
                a.id(),
                a.severity(),
                a.profile(),
                a.behaviour(),
                a.target(),
                a.state().id(),
                a.verification().id(),
                time(a.firstSeen()),
                a.suppressed());
    }

    private static SuppressionsView.Row row(Suppression s) {
        return new SuppressionsView.Row(
                s.id(),
                s.profile().orElse(""),
                s.behaviour().orElse(""),
                s.target().orElse(""),
                s.reason() == null ? "" : s.reason(),
                time(s.expiresAt()),
                s.createdBy());
    }

    /** A stored document this release cannot read is listed with no behaviours, not hidden. */
    private static ProfilesView.Row row(StoredProfile p) {
        String targets = "";
        List<String> behaviours = List.of();
        try {
            SecurityProfile parsed = ProfileParser.parse(p.document(), p.name());
            targets = parsed.targets().stream().map(Object::toString).collect(Collectors.joining(", "));
            behaviours = parsed.behaviours().stream()
                    .map(b -> b.name() + " (" + b.severity().id() + ")")
                    .toList();
        } catch (MonitorException unreadable) {
            targets = "unreadable document";
        }
        return new ProfilesView.Row(p.name(), p.version(), p.builtIn(), targets, behaviours);
    }

    private static long alarmId(Context ctx) {
        return dev.warden.api.MonitorApi.alarmId(ctx);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
