package dev.warden.console;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.console.core.PageRequest;
import dev.warden.console.view.CertificateRow;
import dev.warden.console.view.DeviceRow;
import dev.warden.console.view.DeviceView;
import dev.warden.console.view.DevicesView;
import dev.warden.iam.store.PolicyDao;
import dev.warden.pki.RevocationReason;
import dev.warden.registry.CertificateService;
import dev.warden.registry.Quarantine;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.store.ThingFilter;
import dev.warden.registry.store.ThingGroupDao;
import dev.warden.storage.Database;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Devices: the list (server-side filter by name prefix and thing type, keyset paging by name, so a page costs the
 * same at the 100,000th device as at the first), a device's page (attributes, policies, certificates, live
 * sessions, whether it is quarantined), and revoking one of its certificates with a reason: the API's {@code warden:RevokeCertificate} on the
 * certificate's ARN, which also cuts the device's live MQTT sessions that use it.
 */
final class DevicePages {
    private final ConsoleSettings settings;
    private final Database database;
    private final CertificateService certificates;
    private final ConsoleSources fleet;

    DevicePages(ConsoleSettings settings, Database database, CertificateService certificates, ConsoleSources fleet) {
        this.settings = settings;
        this.database = database;
        this.certificates = certificates;
        this.fleet = fleet;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        routes.add(
                GET,
                "/console/devices",
                "warden:ListThings",
                ctx -> settings.arn("iot", "thing/*"),
                Pages.guarded(signedIn.apply(this::list)));
        routes.add(
                GET,
                "/console/devices/{name}",
                "warden:DescribeThing",
                ctx -> settings.arn("iot", "thing/" + ctx.pathParam("name")),
                Pages.guarded(signedIn.apply(this::show)));
        routes.add(
                POST,
                "/console/devices/{name}/sessions/{clientId}/disconnect",
                "iot:DeleteConnection",
                ctx -> settings.arn("iot", "client/" + ctx.pathParam("clientId")),
                Pages.guarded(signedIn.apply(this::disconnect)));
        routes.add(
                POST,
                "/console/devices/{name}/certificates/{serial}/revoke",
                "warden:RevokeCertificate",
                ctx -> settings.arn("iot", "cert/" + ctx.pathParam("serial")),
                Pages.guarded(signedIn.apply(this::revoke)));
    }

    private void list(Context ctx) {
        String prefix = text(ctx.queryParam("prefix"));
        String type = text(ctx.queryParam("type"));
        String group = text(ctx.queryParam("group"));
        boolean quarantined = "yes".equals(ctx.queryParam("quarantined"));
        PageRequest request;
        try {
            request = PageRequest.of(ctx.queryParam("limit"), ctx.queryParam("after"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_PAGE", e.getMessage());
        }
        List<String> groups = new ArrayList<>();
        if (!group.isEmpty()) {
            groups.add(group);
        }
        if (quarantined) {
            groups.add(Quarantine.GROUP);
        }
        ThingFilter filter = new ThingFilter(prefix, type.isEmpty() ? null : type, groups);
        PageRequest.Page<Thing> page = request.page(
                database.read(h -> new ThingDao(h).search(filter, request.fetch(), request.after())), Thing::name);
        List<DeviceRow> rows = page.items().stream()
                .map(t -> new DeviceRow(
                        t.name(),
                        t.thingType() == null ? "" : t.thingType(),
                        t.createdAt().toString(),
                        t.attributes().size()))
                .toList();
        String query = "prefix=" + encode(prefix) + "&type=" + encode(type) + "&group=" + encode(group)
                + (quarantined ? "&quarantined=yes" : "");
        String next =
                page.next() == null ? null : query + "&limit=" + request.limit() + "&after=" + encode(page.next());
        Pages.render(
                ctx,
                "devices.jte",
                new DevicesView(SignIn.frame(ctx, "Devices", "devices"), prefix, type, group, quarantined, rows, next));
    }

    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        String revoked = ctx.queryParam("revoked");
        DeviceView view = database.read(h -> {
            boolean quarantined = new ThingGroupDao(h).groupsOf(name).contains(Quarantine.GROUP);
            Thing thing = new ThingDao(h)
                    .find(name)
                    .orElseThrow(() -> ApiException.notFound("UNKNOWN_THING", "no thing named '" + name + "'"));
            List<CertificateRow> certs = new CertificateDao(h)
                    .forThing(name).stream().map(DevicePages::row).toList();
            // Said only of a certificate of this device that is revoked indeed: the query string proves nothing.
            String notice = certs.stream()
                    .filter(c -> c.serial().equals(revoked) && !c.revocable())
                    .findFirst()
                    .map(c -> "Certificate " + c.serial() + " is revoked (" + c.revocationReason() + ").")
                    .orElseGet(() -> notice(ctx, name, quarantined));
            return new DeviceView(
                    SignIn.frame(ctx, name, "devices"),
                    name,
                    thing.thingType() == null ? "" : thing.thingType(),
                    thing.createdAt().toString(),
                    new TreeMap<>(thing.attributes()),
                    new PolicyDao(h).policiesOfThing(name),
                    certs,
                    fleet.connectionsOf(name).stream()
                            .map(c -> new DeviceView.SessionRow(
                                    c.clientId(), c.sourceIp(), c.since().toString()))
                            .toList(),
                    Arrays.stream(RevocationReason.values())
                            .map(RevocationReason::rfcName)
                            .toList(),
                    quarantined,
                    notice);
        });
        Pages.render(ctx, "device.jte", view);
    }

    private void revoke(Context ctx) {
        String name = ctx.pathParam("name");
        String serial = ctx.pathParam("serial");
        CertificateRecord certificate = certificates
                .find(serial)
                .filter(c -> name.equals(c.thingName()))
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_CERTIFICATE", "this device has no such certificate"));
        RevocationReason reason;
        try {
            reason = RevocationReason.parse(text(ctx.formParam("reason")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_REASON", e.getMessage());
        }
        certificates.revoke(certificate.serial(), reason);
        // Post, redirect, get: reloading the page does not post the revocation again.
        ctx.redirect(
                "/console/devices/" + encode(name) + "?revoked=" + encode(certificate.serial()),
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Said only when the device stands so now: the query string alone proves nothing. */
    /**
     * Ends one of the device's live connections, as {@code warden gateway disconnect} does; the client ID must be one
     * of this device's, so that the page never ends another device's connection.
     */
    private void disconnect(Context ctx) {
        String name = ctx.pathParam("name");
        String clientId = ctx.pathParam("clientId");
        if (fleet.connectionsOf(name).stream().noneMatch(c -> c.clientId().equals(clientId))) {
            throw ApiException.notFound(
                    "CONNECTION_NOT_FOUND", name + " has no live connection with client ID " + clientId);
        }
        Pages.requireConfirmed(ctx);
        int ended = fleet.disconnect(clientId);
        AuditedRoutes.details(ctx, Map.of("thing", name, "disconnected", ended));
        ctx.redirect(
                "/console/devices/" + encode(name) + "?disconnected=" + encode(clientId),
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private String notice(Context ctx, String name, boolean quarantined) {
        String disconnected = ctx.queryParam("disconnected");
        // Said only when it holds: the query string proves nothing, the live connections do.
        if (disconnected != null
                && fleet.connectionsOf(name).stream()
                        .noneMatch(c -> c.clientId().equals(disconnected))) {
            return "Client " + disconnected + " is not connected: its connection was ended (DISCONNECT 0x98"
                    + " Administrative action); the device may connect again.";
        }
        return quarantineNotice(ctx, name, quarantined);
    }

    private static String quarantineNotice(Context ctx, String name, boolean quarantined) {
        if (ctx.queryParam("quarantined") != null && quarantined) {
            return name + " is in quarantine: from its next packet it may use only its remediation topics.";
        }
        if (ctx.queryParam("released") != null && !quarantined) {
            return name + " is not in quarantine: its own policies apply again.";
        }
        return null;
    }

    private static CertificateRow row(CertificateRecord c) {
        return new CertificateRow(
                c.serial(),
                c.status().name(),
                time(c.notAfter()),
                time(c.revokedAt()),
                c.revocationReason() == null ? "" : c.revocationReason(),
                c.status() != CertificateStatus.REVOKED);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
