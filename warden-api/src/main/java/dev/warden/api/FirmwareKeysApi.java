package dev.warden.api;

import static io.javalin.http.HandlerType.POST;

import dev.warden.policy.Arn;
import dev.warden.tuf.TopLevelRole;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code POST /firmware/keys/<role>/rotate}: a new signing key for one role of the update repositories (root,
 * targets, snapshot, timestamp), new metadata signed with it, the old key revoked. Action
 * {@code firmware:RotateSigningKey} on {@code arn:warden:firmware:<region>:<account>:key/<role>}.
 */
public final class FirmwareKeysApi implements CapabilityRoutes {
    private final Function<TopLevelRole, Map<String, Object>> rotate;
    private final String region;
    private final String account;

    /** @param rotate what the node does to rotate a role's key, and what it reports */
    public FirmwareKeysApi(Function<TopLevelRole, Map<String, Object>> rotate, String region, String account) {
        this.rotate = rotate;
        this.region = region;
        this.account = account;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                POST,
                "/firmware/keys/{role}/rotate",
                "firmware:RotateSigningKey",
                ctx -> Arn.of("firmware", region, account, "key/" + ctx.pathParam("role"))
                        .toString(),
                admin.apply(ctx -> ctx.json(rotate.apply(role(ctx.pathParam("role"))))));
    }

    private static TopLevelRole role(String name) {
        for (TopLevelRole role : TopLevelRole.values()) {
            if (role.jsonName().equals(name)) {
                return role;
            }
        }
        throw ApiException.badRequest("INVALID_ROLE", "a role is root, targets, snapshot or timestamp");
    }
}
