package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import dev.warden.e2e.E2eException;
import dev.warden.e2e.E2eReason;
import dev.warden.policy.Arn;
import dev.warden.registry.recipients.Recipient;
import dev.warden.registry.recipients.RecipientDirectory;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Recipients of end-to-end sealed payloads ({@code /e2e/recipients}): an application publishes its public keyset,
 * devices seal to it. Actions {@code iot:*PayloadRecipient*} on {@code arn:warden:iot:<region>:<account>:recipient/<name>}.
 * Only public keysets are accepted: one holding private material is refused (400 INVALID_KEYSET).
 */
public final class E2eApi implements CapabilityRoutes {
    private final RecipientDirectory recipients;
    private final String region;
    private final String account;

    public E2eApi(RecipientDirectory recipients, String region, String account) {
        this.recipients = recipients;
        this.region = region;
        this.account = account;
    }

    @Override
    public void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                PUT,
                "/e2e/recipients/{name}",
                "iot:PutPayloadRecipient",
                ctx -> arn(ctx.pathParam("name")),
                admin.apply(ctx -> ctx.json(view(recipients.put(
                        ctx.pathParam("name"),
                        Requests.requiredText(Requests.body(ctx), "publicKeyset"),
                        AuditedRoutes.actor(ctx))))));
        routes.add(
                GET,
                "/e2e/recipients",
                "iot:ListPayloadRecipients",
                ctx -> arn("*"),
                admin.apply(ctx -> ctx.json(Map.of(
                        "recipients", recipients.list().stream().map(this::view).toList()))));
        routes.add(
                GET,
                "/e2e/recipients/{name}",
                "iot:DescribePayloadRecipient",
                ctx -> arn(ctx.pathParam("name")),
                admin.apply(ctx -> ctx.json(view(
                        recipients.find(ctx.pathParam("name")).orElseThrow(() -> noSuch(ctx.pathParam("name")))))));
        routes.add(
                DELETE,
                "/e2e/recipients/{name}",
                "iot:DeletePayloadRecipient",
                ctx -> arn(ctx.pathParam("name")),
                admin.apply(ctx -> {
                    if (!recipients.delete(ctx.pathParam("name"))) {
                        throw noSuch(ctx.pathParam("name"));
                    }
                    ctx.status(204);
                }));
    }

    private Map<String, Object> view(Recipient r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", r.name());
        view.put("arn", arn(r.name()));
        view.put("primaryKeyId", r.primaryKeyId());
        view.put("publicKeyset", r.publicKeyset());
        view.put("updatedAt", r.updatedAt().toString());
        view.put("updatedBy", r.updatedBy());
        return view;
    }

    private static E2eException noSuch(String name) {
        return new E2eException(E2eReason.NO_SUCH_RECIPIENT, "no recipient " + name);
    }

    private String arn(String name) {
        return Arn.of("iot", region, account, "recipient/" + name).toString();
    }
}
