package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.AuditedRoutes;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.store.AuditStore;
import dev.warden.console.view.DeviceAuditView;
import dev.warden.console.view.DeviceFirmwareView;
import dev.warden.firmware.attestation.Attestation;
import dev.warden.firmware.attestation.AttestationService;
import dev.warden.registry.ThingNames;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Two panels of a device's page, each loaded on its own and decided on its own, as the API decides the same reads:
 * the device's recent audit events ({@code audit:LookupEvents} on the region's trail, the Audit page's decision; the
 * events whose resource is the thing, newest first) and its firmware as its last boot attestation says
 * ({@code iot:DescribeAttestation} on the thing, as {@code GET /firmware/attestations/<thing>}). A principal who may
 * see the device but not its trail sees the refusal in that panel's place, not a hidden panel.
 */
final class DeviceHistory {
    static final int EVENTS_SHOWN = 15;

    private final ConsoleSettings settings;
    private final AuditStore trail;
    private final AttestationService attestation;

    DeviceHistory(ConsoleSettings settings, AuditStore trail, AttestationService attestation) {
        this.settings = settings;
        this.trail = trail;
        this.attestation = attestation;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/devices/{name}/audit",
                "audit:LookupEvents",
                ctx -> settings.arn("audit", "trail/" + settings.region()),
                Pages.guarded(signedIn.apply(this::events)));
        routes.add(
                GET,
                "/console/devices/{name}/firmware",
                "iot:DescribeAttestation",
                ctx -> settings.arn("iot", "thing/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::firmware)));
    }

    private void events(Context ctx) {
        String name = ThingNames.require(ctx.pathParam("name"));
        List<ChainedEvent> events = trail.latest(new AuditQuery(
                settings.region(),
                null,
                null,
                settings.arn("iot", "thing/" + name),
                null,
                null,
                null,
                0,
                EVENTS_SHOWN));
        Pages.render(
                ctx,
                "device-audit.jte",
                new DeviceAuditView(name, events.stream().map(AuditPages::row).toList()));
    }

    private void firmware(Context ctx) {
        String name = ThingNames.require(ctx.pathParam("name"));
        var status = attestation.last(name);
        Pages.render(
                ctx,
                "device-firmware.jte",
                new DeviceFirmwareView(name, row(status.lastVerified()), row(status.lastReport())));
    }

    private static DeviceFirmwareView.Report row(Optional<Attestation> attestation) {
        return attestation
                .map(a -> new DeviceFirmwareView.Report(
                        a.at().toString(),
                        a.accepted(),
                        a.reason().name(),
                        a.thingType() == null ? "" : a.thingType(),
                        a.version() == null ? "" : a.version(),
                        a.minVersion() == null ? "" : a.minVersion()))
                .orElse(null);
    }
}
