package dev.warden.console;

import static io.javalin.http.HandlerType.GET;

import dev.warden.api.ApiException;
import dev.warden.api.AuditedRoutes;
import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.VerificationReport;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.store.StoredTrailVerifier;
import dev.warden.console.core.PageRequest;
import dev.warden.console.view.AuditEventView;
import dev.warden.console.view.AuditRow;
import dev.warden.console.view.AuditView;
import dev.warden.console.view.VerifyView;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The audit trail of this node's region: a query (time, principal, action, result; paged by sequence number), an
 * event in full, and the verification of a time range, which recomputes the hash chain and checks every checkpoint's
 * signature with the trail's public keys, as {@code warden audit verify} does offline. All three read the trail,
 * so all three are the API's {@code audit:LookupEvents} on {@code trail/<region>}.
 */
final class AuditPages {
    private final ConsoleSettings settings;
    private final AuditStore store;
    private final Supplier<List<PublicKey>> trailKeys;

    AuditPages(ConsoleSettings settings, AuditStore store, Supplier<List<PublicKey>> trailKeys) {
        this.settings = settings;
        this.store = store;
        this.trailKeys = trailKeys;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> signedIn) {
        java.util.function.Function<Context, String> trail = ctx -> settings.arn("audit", "trail/" + settings.region());
        routes.add(GET, "/console/audit", "audit:LookupEvents", trail, Pages.guarded(signedIn.apply(this::query)));
        routes.add(
                GET,
                "/console/audit/events/{eventId}",
                "audit:LookupEvents",
                trail,
                Pages.guarded(signedIn.apply(this::event)));
        routes.add(
                GET, "/console/audit/verify", "audit:LookupEvents", trail, Pages.guarded(signedIn.apply(this::verify)));
    }

    private void query(Context ctx) {
        String principal = text(ctx.queryParam("principal"));
        String action = text(ctx.queryParam("action"));
        String result = text(ctx.queryParam("result"));
        String from = text(ctx.queryParam("from"));
        String to = text(ctx.queryParam("to"));
        PageRequest request = PageRequest.of(ctx.queryParam("limit"), ctx.queryParam("after"));
        long after = parseSeq(request.after());
        List<ChainedEvent> events = store.query(new AuditQuery(
                settings.region(),
                blankToNull(principal),
                blankToNull(action),
                null,
                result(result),
                nanos(from, "from"),
                nanos(to, "to"),
                after,
                request.fetch()));
        PageRequest.Page<ChainedEvent> page = request.page(events, e -> String.valueOf(e.seq()));
        String next = page.next() == null
                ? null
                : "principal=" + encode(principal) + "&action=" + encode(action) + "&result=" + encode(result)
                        + "&from=" + encode(from) + "&to=" + encode(to) + "&limit=" + request.limit() + "&after="
                        + page.next();
        Pages.render(
                ctx,
                "audit.jte",
                new AuditView(
                        SignIn.frame(ctx, "Audit", "audit"),
                        principal,
                        action,
                        result,
                        from,
                        to,
                        page.items().stream().map(AuditPages::row).toList(),
                        next));
    }

    private void event(Context ctx) {
        ChainedEvent chained = store.eventById(settings.region(), ctx.pathParam("eventId"))
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_EVENT", "no event with that id in this trail"));
        AuditEvent e = chained.event();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Region", e.region());
        fields.put("Node", e.node());
        fields.put(
                "Credential",
                e.principal().credential() == null ? "" : e.principal().credential());
        fields.put("Source IP", e.sourceIp() == null ? "" : e.sourceIp());
        fields.put("Deciding statement", e.decidingStatement() == null ? "" : e.decidingStatement());
        fields.put("Request ID", e.requestId() == null ? "" : e.requestId());
        fields.put("Chain hash", chained.hash());
        Pages.render(
                ctx,
                "audit-event.jte",
                new AuditEventView(SignIn.frame(ctx, "Audit event", "audit"), row(chained), fields, e.details()));
    }

    private void verify(Context ctx) {
        String from = text(ctx.queryParam("from"));
        String to = text(ctx.queryParam("to"));
        VerificationReport report = new StoredTrailVerifier(store, trailKeys.get(), null)
                .verify(settings.region(), nanos(from, "from"), nanos(to, "to"));
        AuditedRoutes.resource(ctx, settings.arn("audit", "trail/" + settings.region()));
        Pages.render(
                ctx,
                "audit-verify.jte",
                new VerifyView(
                        SignIn.frame(ctx, "Verify the trail", "audit"),
                        from,
                        to,
                        report.problems().isEmpty(),
                        report.eventsChecked(),
                        report.digestsChecked(),
                        report.firstSeq(),
                        report.lastSeq(),
                        report.unsignedTail(),
                        report.problems().stream().map(Object::toString).toList()));
    }

    static AuditRow row(ChainedEvent chained) {
        AuditEvent e = chained.event();
        return new AuditRow(
                chained.seq(),
                e.eventId(),
                Instant.ofEpochSecond(0, e.timeNanos()).toString(),
                e.principal().type() + ":" + e.principal().id(),
                e.action(),
                e.resource() == null ? "" : e.resource(),
                e.result().name());
    }

    private static Long nanos(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_FIELD", field + " must be an instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static AuditResult result(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return AuditResult.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "result must be ALLOW, DENY or ERROR");
        }
    }

    private static long parseSeq(String after) {
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", "after must be an event seq");
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
