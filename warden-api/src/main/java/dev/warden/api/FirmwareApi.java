package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.firmware.FirmwareRelease;
import dev.warden.firmware.FirmwareService;
import dev.warden.firmware.PublishRequest;
import dev.warden.policy.Arn;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Firmware releases ({@code /firmware}): publish (the image is the request body, as an S3 PUT; its settings are query
 * parameters), list, describe and revoke. Actions {@code firmware:*Release*} act on
 * {@code arn:warden:firmware:<region>:<account>:release/<thing type>/<version>}.
 */
public final class FirmwareApi implements CapabilityRoutes {
    private final FirmwareService firmware;
    private final String account;

    public FirmwareApi(FirmwareService firmware, String account) {
        this.firmware = firmware;
        this.account = account;
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
    }

    /** Query {@code minVersion} and {@code hardware} (comma-separated), both optional; body: the image. */
    private void publish(Context ctx) {
        String hardware = ctx.queryParam("hardware");
        PublishRequest request = new PublishRequest(
                ctx.pathParam("type"),
                ctx.pathParam("version"),
                ctx.queryParam("minVersion"),
                hardware == null || hardware.isEmpty() ? List.of() : Arrays.asList(hardware.split(",", -1)),
                image(ctx));
        ctx.status(201).json(view(firmware.publish(request, AuditedRoutes.actor(ctx))));
    }

    /** The body, refused past the image limit before more than that is read (the admin API's 1 MiB cap is for JSON). */
    private static byte[] image(Context ctx) {
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
