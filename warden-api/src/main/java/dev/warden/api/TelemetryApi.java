package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import dev.warden.audit.NodeAudit;
import dev.warden.policy.Arn;
import dev.warden.registry.ThingNames;
import dev.warden.telemetry.TelemetryMessage;
import dev.warden.telemetry.TelemetryStore;
import dev.warden.telemetry.ThingErasure;
import dev.warden.telemetry.Utf8;
import dev.warden.telemetry.sessions.ThingSessions;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Device data at rest: {@code GET /things/{name}/telemetry} (action {@code data:GetTelemetry}) returns a thing's
 * decrypted messages by time window; {@code POST /things/{name}/erase} ({@code data:EraseThing}) crypto-shreds them
 * and ends the thing's MQTT sessions with what they hold, and drops the retained messages it published. Both act on the thing's ARN {@code arn:warden:iot:<region>:<account>:thing/<name>}.
 */
public final class TelemetryApi {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private final ApiSettings config;
    private final TelemetryStore store;
    private final NodeAudit audit;
    private final ThingSessions sessions;

    public TelemetryApi(ApiSettings config, TelemetryStore store, ThingSessions sessions, NodeAudit audit) {
        this.config = config;
        this.store = store;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * A deleted thing's MQTT sessions and the retained messages it published go with it (its telemetry stays until
     * erased or expired by retention). Returns what was dropped.
     */
    ThingSessions.Dropped onThingDeleted(String name) {
        return sessions.drop(name);
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        Function<Context, String> thing = ctx -> thingArn(ctx.pathParam("name"));
        routes.add(GET, "/things/{name}/telemetry", "data:GetTelemetry", thing, admin.apply(this::query));
        routes.add(POST, "/things/{name}/erase", "data:EraseThing", thing, admin.apply(this::erase));
    }

    private void query(Context ctx) {
        String name = ThingNames.require(ctx.pathParam("name"));
        Instant from = instant(ctx, "from", Instant.EPOCH);
        Instant to = instant(ctx, "to", Instant.ofEpochMilli(Long.MAX_VALUE));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("INVALID_ARGUMENT", "'from' must be before 'to'");
        }
        int limit = limit(ctx);
        List<TelemetryMessage> messages = store.query(name, from, to, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("thing", name);
        body.put("region", config.region());
        body.put("messages", messages.stream().map(TelemetryApi::view).toList());
        body.put("truncated", messages.size() == limit);
        ctx.json(body);
    }

    /**
     * Erases first, then records the proof durably: the erasure cannot be undone, so if the trail fails the caller
     * gets a 503 and the KMS's own {@code kms:DestroyDataKey} event remains.
     */
    private void erase(Context ctx) {
        String name = ThingNames.require(ctx.pathParam("name"));
        ThingErasure erasure = store.erase(name);
        // After the key is destroyed, so a session write racing with the erasure is refused rather than stored.
        ThingSessions.Dropped dropped = sessions.drop(name);
        audit.recordDurable(audit.event("data:EraseThing")
                .resource(thingArn(name))
                .detail("dataOwner", erasure.owner())
                .detail("dataKeyDestroyed", true)
                .detail("messagesDeleted", erasure.messagesDeleted())
                .detail("wrappedKeysDeleted", erasure.wrappedKeysDeleted())
                .detail("mqttSessionsDeleted", dropped.sessions())
                .detail("mqttRetainedDeleted", dropped.retained()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("thing", name);
        body.put("dataOwner", erasure.owner());
        body.put("dataKeyDestroyed", true);
        body.put("messagesDeleted", erasure.messagesDeleted());
        body.put("wrappedKeysDeleted", erasure.wrappedKeysDeleted());
        body.put("mqttSessionsDeleted", dropped.sessions());
        body.put("mqttRetainedDeleted", dropped.retained());
        ctx.json(body);
    }

    private static Map<String, Object> view(TelemetryMessage m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("receivedAt", m.receivedAt().toString());
        v.put("topic", m.topic());
        // Sealed end to end, as the store recorded it: the platform keeps the envelope as it came and cannot open it;
        // no text to show.
        boolean sealed = m.endToEndEncrypted();
        v.put("endToEndEncrypted", sealed);
        if (!sealed) {
            Utf8.decode(m.payload()).ifPresent(text -> v.put("payload", text));
        }
        v.put("payloadBase64", Base64.getEncoder().encodeToString(m.payload()));
        return v;
    }

    private static Instant instant(Context ctx, String name, Instant fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "INVALID_ARGUMENT", "'" + name + "' must be an ISO-8601 instant such as 2026-11-29T00:00:00Z");
        }
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("INVALID_LIMIT", "limit must be between 1 and " + MAX_LIMIT);
    }

    private String thingArn(String name) {
        return Arn.of("iot", config.region(), config.account(), "thing/" + name).toString();
    }
}
