package dev.warden.region.replication;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.policy.Arn;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Both ends of {@link LinkOperation#REPLICATE_OBJECT}. The source checks residency before anything leaves and audits
 * what it sent; the destination checks it again (its copy of the table may be newer, and a source is not trusted to
 * police itself), verifies the content against the SHA-256 sent with it and hands it to its {@link ReplicaSink}.
 * Every attempt, allowed or refused, is one {@code region:ReplicateObject} event in the region it happened in.
 */
public final class ObjectReplication {
    public static final String ACTION = "region:ReplicateObject";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final String account;
    private final String region;
    private final Supplier<Jurisdictions> jurisdictions;
    private final Function<String, Optional<?>> activeMember;
    private final Function<String, LinkClient> clients;
    private final NodeAudit audit;
    private volatile ReplicaSink sink;

    /**
     * @param activeMember the active member region of that name, if any
     * @param clients      a link client for a member region, by name
     */
    public ObjectReplication(
            String account,
            String region,
            Supplier<Jurisdictions> jurisdictions,
            Function<String, Optional<?>> activeMember,
            Function<String, LinkClient> clients,
            NodeAudit audit) {
        this.account = account;
        this.region = region;
        this.jurisdictions = jurisdictions;
        this.activeMember = activeMember;
        this.clients = clients;
        this.audit = audit;
    }

    /** From now on this node receives replicas into {@code sink}. */
    public void serve(ReplicaSink sink) {
        this.sink = sink;
    }

    /**
     * Refuses a destination this region may not replicate to: itself, a region that is no active member, or one the
     * residency table keeps apart from this one ({@link RegionReason#RESIDENCY_VIOLATION}).
     */
    public void requireAllowed(String destination) {
        if (region.equals(destination)) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a bucket cannot replicate to its own region");
        }
        if (activeMember.apply(destination).isEmpty()) {
            throw new RegionException(
                    RegionReason.UNKNOWN_REGION,
                    "region " + destination + " is not an active member of the deployment");
        }
        if (!jurisdictions.get().mayReplicate(region, destination)) {
            throw new RegionException(RegionReason.RESIDENCY_VIOLATION, residency(region, destination));
        }
    }

    /** Sends one object (content null: its deletion) to {@code destination}; audited here whether sent or refused. */
    public void send(String destination, String bucket, String key, String contentType, byte[] content) {
        String sha256 = content == null ? null : sha256(content);
        try {
            requireAllowed(destination);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("bucket", bucket);
            body.put("key", key);
            body.put("deleted", content == null);
            if (content != null) {
                body.put("contentType", contentType);
                body.put("sha256", sha256);
                body.put("contentBase64", Base64.getEncoder().encodeToString(content));
            }
            clients.apply(destination).call(LinkOperation.REPLICATE_OBJECT, "", body, CALL_TIMEOUT);
            record("sent", region, destination, bucket, key, content, sha256, null);
        } catch (RegionException e) {
            // A link cut before the request left is retried by the outbox and is no event (a long cut would flood the
            // trail). A refusal is a decision, and an answer lost after the request left may mean the data is in the
            // other region: both are evidence.
            if (!LinkClient.unreachable(e) || e.reason() == RegionReason.LINK_OUTCOME_UNKNOWN) {
                record("sent", region, destination, bucket, key, content, sha256, e);
            }
            throw e;
        }
    }

    /** The destination's side: re-checks residency, verifies the content's digest, stores it through the sink. */
    public Map<String, Object> receive(String source, JsonNode body) {
        String bucket = body.path("bucket").asText("");
        String key = body.path("key").asText("");
        boolean deleted = body.path("deleted").asBoolean(false);
        byte[] content = null;
        String sha256 = null;
        try {
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new RegionException(RegionReason.INVALID_REQUEST, "a replica names its bucket and key");
            }
            if (!deleted) {
                content = Base64.getDecoder().decode(body.path("contentBase64").asText(""));
                sha256 = sha256(content);
                if (!sha256.equals(body.path("sha256").asText())) {
                    throw new RegionException(RegionReason.INVALID_REQUEST, "the replica does not match its SHA-256");
                }
            }
            if (!jurisdictions.get().mayReplicate(source, region)) {
                throw new RegionException(RegionReason.RESIDENCY_VIOLATION, residency(source, region));
            }
            ReplicaSink target = sink;
            if (target == null) {
                throw new RegionException(RegionReason.INVALID_REQUEST, "this region does not take replicas");
            }
            if (deleted) {
                target.delete(source, bucket, key);
            } else {
                target.put(source, bucket, key, body.path("contentType").asText("application/octet-stream"), content);
            }
            record("received", source, region, bucket, key, content, sha256, null);
            return Map.of("bucket", bucket, "key", key, "stored", !deleted);
        } catch (RegionException e) {
            record("received", source, region, bucket, key, content, sha256, e);
            throw e;
        } catch (IllegalArgumentException e) {
            RegionException refused = new RegionException(RegionReason.INVALID_REQUEST, "not a valid replica");
            record("received", source, region, bucket, key, content, sha256, refused);
            throw refused;
        } finally {
            if (content != null) {
                java.util.Arrays.fill(content, (byte) 0);
            }
        }
    }

    private void record(
            String direction,
            String from,
            String to,
            String bucket,
            String key,
            byte[] content,
            String sha256,
            RegionException refused) {
        var event = audit.event(ACTION)
                .principal(new AuditPrincipal("region", direction.equals("sent") ? to : from, null))
                .resource(Arn.of("warden", region, account, "bucket/" + bucket + "/" + key)
                        .toString())
                .detail("direction", direction)
                .detail("sourceRegion", from)
                .detail("destinationRegion", to)
                .detail("bucket", bucket)
                .detail("key", key)
                .detail("operation", content == null ? "delete" : "put");
        if (content != null) {
            event.detail("size", content.length).detail("sha256", sha256);
        }
        if (refused != null) {
            boolean unknown = refused.reason() == RegionReason.LINK_OUTCOME_UNKNOWN;
            event.result(unknown ? AuditResult.ERROR : AuditResult.DENY)
                    .detail("reason", refused.reason().name());
        }
        audit.recordDurable(event);
    }

    private static String residency(String from, String to) {
        return "the deployment's jurisdictions do not let data of " + from + " reach " + to;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
