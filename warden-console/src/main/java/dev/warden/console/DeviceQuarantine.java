package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.view.DeviceAlarmsView;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.MitigationAction;
import dev.warden.monitor.core.TargetKey;
import dev.warden.monitor.mitigation.MitigationService;
import dev.warden.monitor.store.AlarmFilter;
import dev.warden.monitor.store.StoredAlarm;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Quarantine and release from a device's page, as the API does them: quarantine is the manual mitigation of one of
 * the device's alarms ({@code monitor:Quarantine} on {@code alarm/<id>}, {@link dev.warden.monitor.alarms.AlarmBook#mitigate},
 * as {@code warden monitor mitigate <id> quarantine}), release is {@code monitor:ReleaseFromQuarantine} on the thing
 * ({@link MitigationService#release}, as {@code warden monitor release}). Each is a form the operator confirms (a
 * checked box the node checks too) with the session's anti-CSRF token. The device's alarms, which the quarantine
 * buttons stand beside, are a panel of their own: {@code monitor:ListAlarms}, the Monitoring page's decision.
 */
final class DeviceQuarantine {
    private static final int ALARMS_SHOWN = 10;

    private final ConsoleSettings settings;
    private final MonitorServices monitor;

    DeviceQuarantine(ConsoleSettings settings, MonitorServices monitor) {
        this.settings = settings;
        this.monitor = monitor;
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
        requireConfirmed(ctx);
        long mitigation = monitor.alarms().mitigate(alarm.id(), MitigationAction.QUARANTINE, AuditedRoutes.actor(ctx));
        AuditedRoutes.details(ctx, Map.of("mitigationId", mitigation, "thing", name));
        ctx.redirect(device(name) + "?quarantined=" + alarm.id(), HttpStatus.SEE_OTHER);
    }

    private void release(Context ctx) {
        String name = ctx.pathParam("name");
        requireConfirmed(ctx);
        MitigationService mitigations = monitor.mitigations().get();
        if (mitigations == null) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "mitigations are not running yet");
        }
        boolean released = mitigations.release(name);
        AuditedRoutes.details(ctx, Map.of("released", released));
        ctx.redirect(device(name) + "?released=" + released, HttpStatus.SEE_OTHER);
    }

    /** The form's box, checked: a quarantine or release is never one stray click. */
    private static void requireConfirmed(Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            throw ApiException.badRequest("NOT_CONFIRMED", "check the box that confirms the action first");
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
