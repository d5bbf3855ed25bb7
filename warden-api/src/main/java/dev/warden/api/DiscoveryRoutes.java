package dev.warden.api;

import static io.javalin.http.HandlerType.GET;

import dev.warden.policy.Arn;
import dev.warden.registry.residency.DeviceDiscovery;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /discovery}: a device asks, with its own client certificate, which region is its home and where that
 * region's gateway listens. It is the one route of the admin listener that a device of another region may reach:
 * the listener's TLS trust accepts the deployment's member roots so that such a device can ask, and
 * {@link #guard(Context)} refuses those chains on every other route, so that no admin or provisioning route sees a
 * chain it did not see before. Every answer is audited ({@code iot:DiscoverRegion}, metadata only).
 */
final class DiscoveryRoutes {
    static final String PATH = "/discovery";

    private final DeviceDiscovery discovery;
    private final String account;
    private final ApiArns arns;

    DiscoveryRoutes(DeviceDiscovery discovery, String account, ApiArns arns) {
        this.discovery = discovery;
        this.account = account;
        this.arns = arns;
    }

    /**
     * Before every route: a client chain this region's own trust refuses (it finished the handshake only under
     * another member's root) is refused anywhere but {@link #PATH}.
     */
    void guard(Context ctx) {
        X509Certificate[] chain = AdminAuthentication.clientCertificate(ctx);
        if (chain != null && !PATH.equals(ctx.path()) && !discovery.isLocal(chain)) {
            throw ApiException.unauthorized(
                    "this region does not accept the client certificate here (another region's device may call " + PATH
                            + " only)");
        }
    }

    void register(AuditedRoutes routes) {
        routes.add(GET, PATH, "iot:DiscoverRegion", ctx -> arns.iot("thing/*"), this::discover);
    }

    private void discover(Context ctx) {
        X509Certificate[] chain = AdminAuthentication.requireClientCertificate(ctx);
        AuditedRoutes.principal(ctx, AdminAuthentication.certificatePrincipal("thing", chain[0]));
        DeviceDiscovery.Answer answer = discovery.discover(chain);
        AuditedRoutes.resource(
                ctx,
                Arn.of("iot", answer.homeRegion(), account, "thing/" + answer.thing())
                        .toString());
        AuditedRoutes.details(ctx, Map.of("homeRegion", answer.homeRegion(), "mqtt", answer.mqtt()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("thing", answer.thing());
        view.put("homeRegion", answer.homeRegion());
        view.put("endpoints", Map.of("mqtt", answer.mqtt()));
        ctx.json(view);
    }
}
