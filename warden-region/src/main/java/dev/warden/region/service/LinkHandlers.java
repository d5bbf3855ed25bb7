package dev.warden.region.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.audit.AuditBatch;
import dev.warden.region.audit.AuditReceiver;
import dev.warden.region.audit.CentralAudit;
import dev.warden.region.core.ChangeEntry;
import dev.warden.region.core.Deployment;
import dev.warden.region.failover.Failover;
import dev.warden.region.forward.AdminForwarding;
import dev.warden.region.forward.IamContainment;
import dev.warden.region.link.LinkOperation;
import dev.warden.region.link.LinkServer;
import dev.warden.region.replication.ObjectReplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What this node answers on its link: each {@link LinkOperation}, served from the region service and the IAM log. */
public final class LinkHandlers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_WAIT_MS = 25_000;

    private LinkHandlers() {}

    /**
     * @param changeLog    the IAM change log, present only while this node is its deployment's control region
     * @param centralAudit central audit, present once the node started it
     * @param replication  the destination side of bucket replication
     * @param failover     failover, once the node started it
     * @param forwarding   admin request forwarding, once the node started it
     * @param containment  playbook containment asked of the control region, once the node started it
     */
    public static Map<LinkOperation, LinkServer.Handler> of(
            RegionService regions,
            Supplier<IamChangeLog> changeLog,
            Supplier<CentralAudit> centralAudit,
            ObjectReplication replication,
            Supplier<Failover> failover,
            Supplier<AdminForwarding> forwarding,
            Supplier<IamContainment> containment) {
        Map<LinkOperation, LinkServer.Handler> handlers = new EnumMap<>(LinkOperation.class);
        membership(handlers, regions, changeLog);
        handlers.put(LinkOperation.IAM_CHANGES, (caller, ctx) -> iamChanges(regions, changeLog.get(), ctx));
        handlers.put(
                LinkOperation.AUDIT_POSITION,
                (caller, ctx) -> receiver(centralAudit)
                        .position(caller.orElseThrow().node().region()));
        handlers.put(LinkOperation.AUDIT_BATCH, (caller, ctx) -> {
            AuditBatch batch = AuditBatch.fromJson(read(ctx.body()));
            return receiver(centralAudit)
                    .receive(
                            caller.orElseThrow().node().region(),
                            caller.get().node().node(),
                            batch);
        });
        handlers.put(
                LinkOperation.REPLICATE_OBJECT,
                (caller, ctx) -> replication.receive(caller.orElseThrow().node().region(), read(ctx.body())));
        failover(handlers, failover);
        handlers.put(LinkOperation.FORWARD, (caller, ctx) -> {
            AdminForwarding running = forwarding.get();
            if (running == null) {
                throw new RegionException(RegionReason.LINK_REFUSED, "forwarding does not run on this node yet");
            }
            return running.receive(caller.orElseThrow().node().region(), read(ctx.body()));
        });
        handlers.put(LinkOperation.CONTAIN, (caller, ctx) -> {
            IamContainment running = containment.get();
            if (running == null) {
                throw new RegionException(RegionReason.LINK_REFUSED, "containment does not run on this node yet");
            }
            return running.receive(caller.orElseThrow().node().region(), read(ctx.body()));
        });
        return handlers;
    }

    /** Joining, the membership a member refreshes, leaving. */
    private static void membership(
            Map<LinkOperation, LinkServer.Handler> handlers, RegionService regions, Supplier<IamChangeLog> changeLog) {
        handlers.put(LinkOperation.JOIN, (caller, ctx) -> {
            Map<String, Object> reply = regions.acceptJoin(read(ctx.body()));
            IamChangeLog log = changeLog.get();
            reply.put("lastSeq", log == null ? 0 : log.lastSeq());
            return reply;
        });
        handlers.put(
                LinkOperation.DEPLOYMENT,
                (caller, ctx) -> regions.describeFor(caller.orElseThrow().node().region()));
        handlers.put(LinkOperation.LEAVE, (caller, ctx) -> {
            regions.memberLeft(caller.orElseThrow().node().region());
            return Map.of("left", caller.get().node().region());
        });
    }

    /** The control region's side of the IAM change log: the entries after {@code after}, waiting briefly for one. */
    private static Map<String, Object> iamChanges(
            RegionService regions, IamChangeLog log, io.javalin.http.Context ctx) {
        if (log == null || regions.deployment().filter(Deployment::isControl).isEmpty()) {
            throw new RegionException(RegionReason.NOT_CONTROL_REGION, "IAM changes come from the control region");
        }
        long after = longParam(ctx.queryParam("after"), 0);
        long waitMs = Math.min(MAX_WAIT_MS, longParam(ctx.queryParam("waitMs"), 0));
        List<ChangeEntry> entries;
        try {
            entries = log.after(after, Duration.ofMillis(waitMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entries = List.of();
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ChangeEntry e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seq", e.seq());
            row.put("prevHash", e.prevHash());
            row.put("hash", e.hash());
            row.put("body", e.body());
            row.put("signature", e.signature());
            row.put("createdAt", e.createdAt().toEpochMilli());
            changes.add(row);
        }
        return Map.of("changes", changes, "lastSeq", log.lastSeq());
    }

    /** The home region's side of failover: its standby's replica, handback and revocations. */
    private static void failover(Map<LinkOperation, LinkServer.Handler> handlers, Supplier<Failover> failover) {
        handlers.put(
                LinkOperation.DEVICE_STATUS,
                (caller, ctx) -> failover(failover)
                        .deviceStatus(caller.orElseThrow().node().region(), ctx.queryParam("version")));
        handlers.put(
                LinkOperation.HANDBACK,
                (caller, ctx) ->
                        failover(failover).handBack(caller.orElseThrow().node().region(), read(ctx.body())));
        handlers.put(
                LinkOperation.GUEST_REVOCATIONS,
                (caller, ctx) -> failover(failover)
                        .takeRevocations(caller.orElseThrow().node().region(), read(ctx.body())));
    }

    private static Failover failover(Supplier<Failover> failover) {
        Failover running = failover.get();
        if (running == null) {
            throw new RegionException(RegionReason.NOT_STANDBY, "failover does not run on this node yet");
        }
        return running;
    }

    private static AuditReceiver receiver(Supplier<CentralAudit> centralAudit) {
        CentralAudit running = centralAudit.get();
        if (running == null) {
            throw new RegionException(RegionReason.NOT_AUDIT_REGION, "central audit does not run on this node");
        }
        return running.receiver();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "the body is not JSON");
        }
    }

    private static long longParam(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "not a number: a query parameter");
        }
    }
}
