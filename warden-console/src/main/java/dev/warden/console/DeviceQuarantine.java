package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.OperatorReason;
import dev.warden.console.view.ConfirmView;
import dev.warden.console.view.DeviceAlarmsView;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.registry.Quarantine;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Quarantine and release from a device's page, as the API does them: quarantine is the manual mitigation of one of
 * the device's alarms ({@code monitor:Quarantine} on {@code alarm/<id>}, {@link dev.warden.monitor.alarms.AlarmBook#mitigate},
 * as {@code warden monitor mitigate <id> quarantine}), release is {@code monitor:ReleaseFromQuarantine} on the thing
 * ({@link MitigationService#release}, as {@code warden monitor release}). A device without an alarm is quarantined
 * with {@code monitor:Quarantine} on the thing itself, as a playbook's quarantine is decided
 * ({@link MitigationService#quarantine}, the same quarantine group), after a page that says what it will do; the
 * operator's reason is kept in the audit event. Each is a form the operator confirms (a checked box, or the
 * confirmation page's form: the node checks {@code confirm=yes} too) with the session's anti-CSRF token. The device's alarms, which the quarantine
 * buttons stand beside, are a panel of their own: {@code monitor:ListAlarms}, the Monitoring page's decision.
 */
final class DeviceQuarantine {
    private static final int ALARMS_SHOWN = 10;

    private final ConsoleSettings settings;
    private final MonitorServices monitor;
    private final Database database;

    DeviceQuarantine(ConsoleSettings settings, MonitorServices monitor, Database database) {
        this.settings = settings;
        this.monitor = monitor;
        this.database = database;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/devices/{name}/alarms",
                "monitor:ListAlarms",
                ctx -> settings.arn("monitor", "alarm/*"),
                Pages.guarded(signedIn.apply(this::alarms)));
        routes.add(
                POST,
                "/console/devices/{name}/alarms/{id}/quarantine",
                MitigationAction.QUARANTINE.iamAction(),
                ctx -> settings.arn("monitor", "alarm/" + ctx.pathParam("id")),
                Pages.guarded(signedIn.apply(this::quarantine)));
        Function<Context, String> thing = ctx -> settings.arn("iot", "thing/" + ctx.pathParam("name"));
        routes.add(
                GET,
                "/console/devices/{name}/quarantine",
                "warden:DescribeThing",
                thing,
                Pages.guarded(signedIn.apply(this::confirmQuarantine)));
        routes.add(
                POST,
                "/console/devices/{name}/quarantine",
                MitigationAction.QUARANTINE.iamAction(),
                thing,
                Pages.guarded(signedIn.apply(this::quarantineByHand)));
        routes.add(
                POST,
                "/console/devices/{name}/release",
                "monitor:ReleaseFromQuarantine",
                ctx -> settings.arn("iot", "thing/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::release)));
    }

    private void alarms(Context ctx) {
        String name = ctx.pathParam("name");
        var rows = monitor
                .alarms()
                .list(new AlarmFilter(
                        false,
                        Optional.of(TargetKey.thing(name).toString()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        ALARMS_SHOWN))
                .stream()
                .map(a -> new DeviceAlarmsView.Row(
                        a.id(),
                        a.behaviour(),
                        a.severity(),
                        a.state().name().toLowerCase(java.util.Locale.ROOT),
                        a.firstSeen().toString()))
                .toList();
        Pages.render(
                ctx,
                "device-alarms.jte",
                new DeviceAlarmsView(name, SignIn.frame(ctx, name, "devices").csrf(), rows));
    }

    private void quarantine(Context ctx) {
        String name = ctx.pathParam("name");
        StoredAlarm alarm = monitor.alarms().show(alarmId(ctx.pathParam("id")));
        if (!alarm.target().equals(TargetKey.thing(name).toString())) {
            throw new MonitorException(MonitorReason.NO_SUCH_ALARM, "device " + name + " has no alarm " + alarm.id());
        }
        Pages.requireConfirmed(ctx);
        long mitigation = monitor.alarms().mitigate(alarm.id(), MitigationAction.QUARANTINE, AuditedRoutes.actor(ctx));
        AuditedRoutes.details(ctx, Map.of("mitigationId", mitigation, "thing", name));
        ctx.redirect(device(name) + "?quarantined=" + alarm.id(), HttpStatus.SEE_OTHER);
    }

    /** What a quarantine without an alarm will do, with the reason typed on the device's page. */
    private void confirmQuarantine(Context ctx) {
        String name = ctx.pathParam("name");
        String reason = reason(ctx.queryParam("reason"), true);
        boolean already = database.read(h -> {
            if (new ThingDao(h).find(name).isEmpty()) {
                throw ApiException.notFound("UNKNOWN_THING", "no thing named '" + name + "'");
            }
            return new ThingGroupDao(h).groupsOf(name).contains(Quarantine.GROUP);
        });
        List<String> effects = already
                ? List.of(name + " is in quarantine already: nothing changes.")
                : List.of(
                        "Adds " + name + " to the " + Quarantine.GROUP + " thing group: from its next packet it may"
                                + " use only its remediation topics; its sessions stay connected.",
                        "No alarm is mitigated: the audit event records your reason, \"" + reason + "\".",
                        "Release it from this page when it is remediated.");
        Pages.render(
                ctx,
                "confirm.jte",
                new ConfirmView(
                        SignIn.frame(ctx, "Quarantine " + name + "?", "devices"),
                        effects,
                        "",
                        List.of(),
                        null,
                        device(name) + "/quarantine",
                        Map.of("reason", reason),
                        "Quarantine " + name,
                        device(name)));
    }

    private void quarantineByHand(Context ctx) {
        String name = ctx.pathParam("name");
        Pages.requireConfirmed(ctx);
        String reason = reason(ctx.formParam("reason"), true);
        boolean quarantined = mitigations().quarantine(name);
        AuditedRoutes.details(ctx, Map.of("thing", name, "reason", reason, "changed", quarantined));
        ctx.redirect(device(name) + "?quarantined=by-hand", HttpStatus.SEE_OTHER);
    }

    private void release(Context ctx) {
        String name = ctx.pathParam("name");
        Pages.requireConfirmed(ctx);
        String reason = reason(ctx.formParam("reason"), false);
        boolean released = mitigations().release(name);
        AuditedRoutes.details(ctx, Map.of("released", released, "reason", reason));
        ctx.redirect(device(name) + "?released=" + released, HttpStatus.SEE_OTHER);
    }

    private MitigationService mitigations() {
        MitigationService mitigations = monitor.mitigations().get();
        if (mitigations == null) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "mitigations are not running yet");
        }
        return mitigations;
    }

    private static String reason(String raw, boolean required) {
        try {
            return OperatorReason.parse(raw, required);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_REASON", e.getMessage());
        }
    }

    private static long alarmId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new MonitorException(MonitorReason.NO_SUCH_ALARM, "no alarm " + raw);
        }
    }

    private static String device(String name) {
        return "/console/devices/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
