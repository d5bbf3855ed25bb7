package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.audit.AuditPrincipal;
import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.FirmwareService;
import dev.warden.firmware.ImageGrants;
import dev.warden.firmware.PublishRequest;
import dev.warden.firmware.attestation.Attestation;
import dev.warden.firmware.attestation.AttestationService;
import dev.warden.firmware.attestation.AttestationStatus;
import dev.warden.policy.Arn;
import dev.warden.registry.ThingNames;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Firmware releases ({@code /firmware}): publish (the image is the request body, as an S3 PUT; its settings are query
 * parameters), list, describe and revoke. Actions {@code firmware:*Release*} act on
 * {@code arn:warden:firmware:<region>:<account>:release/<thing type>/<version>}. A thing's boot attestations
 * ({@code iot:DescribeAttestation} on the thing) are read here too.
 */
public final class FirmwareApi implements CapabilityRoutes {
    private final FirmwareService firmware;
    private final String account;
    private final ImageGrants grants;
    private final AttestationService attestation;
    private final Clock clock;

    /** @param grants what a device's image URL is checked against (handed out in its job's document) */
    public FirmwareApi(
            FirmwareService firmware, String account, ImageGrants grants, AttestationService attestation, Clock clock) {
        this.firmware = firmware;
        this.account = account;
        this.grants = grants;
        this.attestation = attestation;
        this.clock = clock;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                POST,
                "/firmware/{type}/releases/{version}",
                "firmware:PublishRelease",
                this::release,
                admin.apply(this::publish));
        routes.add(
                GET,
                "/firmware/releases",
                "firmware:ListReleases",
                ctx -> arn("*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "releases",
                        firmware.list(ctx.queryParam("type")).stream()
                                .map(FirmwareApi::view)
                                .toList()))));
        routes.add(
                GET,
                "/firmware/{type}/releases/{version}",
                "firmware:DescribeRelease",
                this::release,
                admin.apply(ctx -> ctx.json(view(firmware.release(ctx.pathParam("type"), ctx.pathParam("version"))))));
        routes.add(
                POST,
                "/firmware/{type}/releases/{version}/revoke",
                "firmware:RevokeRelease",
                this::release,
                admin.apply(ctx -> ctx.json(view(firmware.revoke(
                        ctx.pathParam("type"),
                        ctx.pathParam("version"),
                        Requests.optionalText(Requests.body(ctx), "reason"),
                        AuditedRoutes.actor(ctx))))));
        routes.add(
                GET,
                "/firmware/attestations/{thing}",
                "iot:DescribeAttestation",
                ctx -> Arn.of("iot", firmware.region(), account, "thing/" + ctx.pathParam("thing"))
                        .toString(),
                admin.apply(ctx -> ctx.json(view(attestation.last(ThingNames.require(ctx.pathParam("thing")))))));
        // A device's download: no admin credential, the grant in the URL is the authorization.
        routes.add(
                GET,
                "/firmware/images/{grant}/{type}/{version}/{file}",
                "iot:GetFirmwareImage",
                this::release,
                this::serveImage);
    }

    /**
     * The image of a release, to the device its grant names, at the path a TUF client asks for
     * ({@code <type>/<version>/<sha256>.firmware.bin}, consistent snapshots). Anything else is a 403 or 404 that says
     * nothing of the grant.
     */
    private void serveImage(Context ctx) {
        ImageGrants.Grant grant = grants.verify(ctx.pathParam("grant"), clock.instant())
                .filter(g -> g.thingType().equals(ctx.pathParam("type"))
                        && g.version().equals(ctx.pathParam("version")))
                .orElseThrow(() -> new ApiException(403, "GRANT_INVALID", "this download grant is not valid here"));
        AuditedRoutes.principal(ctx, AuditPrincipal.thing(grant.thing(), null));
        FirmwareRelease release = firmware.release(grant.thingType(), grant.version());
        if (!ctx.pathParam("file").equals(release.sha256() + ".firmware.bin")) {
            throw ApiException.notFound("NOT_FOUND", "no such image");
        }
        ctx.contentType("application/octet-stream").result(firmware.image(grant.thingType(), grant.version()));
    }

    /** Query {@code minVersion} and {@code hardware} (comma-separated), both optional; body: the image. */
    private void publish(Context ctx) {
        String hardware = ctx.queryParam("hardware");
        PublishRequest request = new PublishRequest(
                ctx.pathParam("type"),
                ctx.pathParam("version"),
                ctx.queryParam("minVersion"),
                hardware == null || hardware.isEmpty() ? List.of() : Arrays.asList(hardware.split(",", -1)),
                upload(ctx));
        ctx.status(201).json(view(firmware.publish(request, AuditedRoutes.actor(ctx))));
    }

    /** The body, refused past the image limit before more than that is read (the admin API's 1 MiB cap is for JSON). */
    private static byte[] upload(Context ctx) {
        if (ctx.contentLength() > FirmwareService.MAX_IMAGE_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(FirmwareService.MAX_IMAGE_BYTES + 1);
            if (bytes.length > FirmwareService.MAX_IMAGE_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(
                413, "IMAGE_TOO_LARGE", "a firmware image has at most " + FirmwareService.MAX_IMAGE_BYTES + " bytes");
    }

    private String release(Context ctx) {
        return arn(ctx.pathParam("type") + "/" + ctx.pathParam("version"));
    }

    private String arn(String release) {
        return Arn.of("firmware", firmware.region(), account, "release/" + release)
                .toString();
    }

    /** The last verified boot and the last report; null when there is none. */
    static Map<String, Object> view(AttestationStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("thing", status.thing());
        view.put("lastVerified", status.lastVerified().map(FirmwareApi::view).orElse(null));
        view.put("lastReport", status.lastReport().map(FirmwareApi::view).orElse(null));
        return view;
    }

    private static Map<String, Object> view(Attestation a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", a.at().toString());
        view.put("verdict", a.accepted() ? "VERIFIED" : "FAILED");
        view.put("reason", a.reason().name());
        view.put("message", a.message());
        view.put("thingType", a.thingType());
        view.put("version", a.version());
        view.put("digest", a.digest());
        view.put("minVersion", a.minVersion());
        return view;
    }

    static Map<String, Object> view(FirmwareRelease r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("thingType", r.thingType());
        view.put("version", r.version().text());
        view.put("minVersion", r.minVersion().text());
        view.put("length", r.length());
        view.put("sha256", r.sha256());
        view.put("sha512", r.sha512());
        view.put("hardware", r.hardware());
        view.put("target", r.targetPath());
        view.put("publishedAt", r.publishedAt().toString());
        view.put("publishedBy", r.publishedBy());
        view.put("revoked", r.revoked());
        r.revocation().ifPresent(how -> {
            view.put("revokedAt", how.at().toString());
            view.put("revokedBy", how.by());
            view.put("revokeReason", how.reason());
        });
        return view;
    }
}
