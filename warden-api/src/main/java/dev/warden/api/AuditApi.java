package dev.warden.api;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditProofs;
import dev.warden.audit.AuditQuery;
import dev.warden.audit.AuditResult;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.proof.EventProofJson;
import dev.warden.audit.store.AuditArchiver;
import dev.warden.audit.store.AuditStore;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code GET /audit/events}: looks events up by principal, action, resource, result and time window. */
public final class AuditApi {
    private final AuditStore store;
    private final String region;
    private final AuditArchiver archiver;
    private final Path archiveDir;
    private final Rotation rotation;

    /** Rotates the node's audit-signing key (the node knows how its keys are kept). */
    @FunctionalInterface
    public interface Rotation {
        Rotated rotate();
    }

    /**
     * The other regions' chains this node keeps as its deployment's audit region (central audit): the events of
     * {@code query.region()}, or empty when no chain of that region is kept here.
     */
    @FunctionalInterface
    public interface RegionChains {
        Optional<List<ChainedEvent>> query(AuditQuery query);
    }

    private volatile RegionChains regionChains;

    /** Serves {@code GET /audit/events?region=R} for another region from {@code chains}. */
    public AuditApi withRegionChains(RegionChains chains) {
        this.regionChains = chains;
        return this;
    }

    /** The region a lookup asks for: this node's own unless {@code region} names another (a well-formed name). */
    static String askedRegion(Context ctx, String own) {
        String asked = ctx.queryParam("region");
        if (asked == null || asked.isBlank()) {
            return own;
        }
        if (!dev.warden.region.core.RegionNode.isRegionName(asked)) {
            throw ApiException.badRequest("INVALID_FIELD", "region must be a region name");
        }
        return asked;
    }

    /** What a rotation did: the last checkpoint of the old key and the first the new one signs. */
    public record Rotated(String oldKeyId, String newKeyId, long lastOldDigestSeq, long firstNewDigestSeq) {}

    public AuditApi(AuditStore store, String region, AuditArchiver archiver, Path archiveDir) {
        this(store, region, archiver, archiveDir, null);
    }

    public AuditApi(AuditStore store, String region, AuditArchiver archiver, Path archiveDir, Rotation rotation) {
        this.store = store;
        this.region = region;
        this.archiver = archiver;
        this.archiveDir = archiveDir;
        this.rotation = rotation;
    }

    /** {@code GET /audit/events/{eventId}/proof}: the event's inclusion proof (the file {@code audit prove} writes). */
    void proof(Context ctx) {
        try {
            ctx.json(EventProofJson.toJson(AuditProofs.prove(store, region, ctx.pathParam("eventId"), null)));
        } catch (AuditProofs.UnknownEvent e) {
            throw ApiException.notFound("UNKNOWN_EVENT", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, "NOT_PROVABLE", e.getMessage());
        }
    }

    /** {@code POST /audit/signing-key/rotate}: a new audit-signing key, after a last checkpoint by the old one. */
    void rotateKey(Context ctx) {
        if (rotation == null) {
            throw new ApiException(409, "NOT_SUPPORTED", "this node cannot rotate its audit-signing key");
        }
        Rotated r = rotation.rotate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oldKeyId", r.oldKeyId());
        body.put("newKeyId", r.newKeyId());
        body.put("lastOldDigestSeq", r.lastOldDigestSeq());
        body.put("firstNewDigestSeq", r.firstNewDigestSeq());
        AuditedRoutes.details(ctx, Map.<String, Object>of("oldKeyId", r.oldKeyId(), "newKeyId", r.newKeyId()));
        ctx.json(body);
    }

    AuditStore store() {
        return store;
    }

    /** {@code POST /audit/archive}: moves the closed segment up to a digest into DATA/audit-archive. */
    void archive(Context ctx) {
        String digest = ctx.queryParam("digest");
        Optional<Long> digestSeq;
        try {
            digestSeq = digest == null ? Optional.empty() : Optional.of(Long.parseLong(digest));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", "digest must be a digest number");
        }
        Object principal = ctx.attribute(AuditedRoutes.PRINCIPAL);
        Optional<AuditArchiver.Archive> archive;
        try {
            archive = archiver.archive(
                    archiveDir, digestSeq, principal instanceof AuditPrincipal p ? p : AuditPrincipal.SYSTEM);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("UNKNOWN_DIGEST", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("archived", archive.isPresent());
        archive.ifPresent(a -> {
            body.put("file", a.file().toString());
            body.put("fromSeq", a.fromSeq());
            body.put("toSeq", a.toSeq());
            body.put("events", a.events());
            body.put("sha256", a.sha256());
        });
        ctx.json(body);
    }

    void lookup(Context ctx) {
        int limit = Requests.limit(ctx);
        String after = ctx.queryParam("after");
        long afterSeq;
        try {
            afterSeq = after == null ? 0 : Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_FIELD", "after must be an event seq");
        }
        String asked = askedRegion(ctx, region);
        AuditQuery query = new AuditQuery(
                asked,
                blankToNull(ctx.queryParam("principal")),
                blankToNull(ctx.queryParam("action")),
                blankToNull(ctx.queryParam("resource")),
                result(ctx.queryParam("result")),
                Requests.instantNanos(ctx.queryParam("from"), "from"),
                Requests.instantNanos(ctx.queryParam("to"), "to"),
                afterSeq,
                limit);
        List<ChainedEvent> events = asked.equals(region) ? store.query(query) : regionChain(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", events.stream().map(AuditApi::view).toList());
        body.put(
                "next",
                events.size() == limit
                        ? String.valueOf(events.get(events.size() - 1).seq())
                        : null);
        ctx.json(body);
    }

    private List<ChainedEvent> regionChain(AuditQuery query) {
        RegionChains chains = regionChains;
        return Optional.ofNullable(chains)
                .flatMap(c -> c.query(query))
                .orElseThrow(() -> ApiException.notFound(
                        "UNKNOWN_REGION",
                        "this node keeps no audit chain of region " + query.region()
                                + " (central audit keeps them in the deployment's audit region)"));
    }

    /** The JSON shape of one event, shared by the API, {@code warden audit query --json} and exports. */
    public static Map<String, Object> view(ChainedEvent chained) {
        AuditEvent e = chained.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", chained.seq());
        m.put("eventId", e.eventId());
        m.put("time", Instant.ofEpochSecond(0, e.timeNanos()).toString());
        m.put("timeNanos", e.timeNanos());
        m.put("region", e.region());
        m.put("node", e.node());
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("type", e.principal().type());
        principal.put("id", e.principal().id());
        principal.put("credential", e.principal().credential());
        m.put("principal", principal);
        m.put("sourceIp", e.sourceIp());
        m.put("action", e.action());
        m.put("resource", e.resource());
        m.put("result", e.result().name());
        m.put("decidingStatement", e.decidingStatement());
        m.put("requestId", e.requestId());
        m.put("details", e.details());
        m.put("hash", chained.hash());
        return m;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static AuditResult result(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return AuditResult.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "result must be allow, deny or error");
        }
    }
}
