package dev.warden.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.witness.Cosignature;
import dev.warden.audit.witness.store.CheckpointWitnessService;
import dev.warden.audit.witness.store.WitnessRecord;
import dev.warden.policy.Arn;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The witness routes: other nodes submit their checkpoints to be countersigned ({@code audit:WitnessCheckpoint}),
 * and anyone allowed reads what was witnessed ({@code audit:GetWitnessState}), both on
 * {@code arn:warden:audit:<witnessed region>:<account>:trail/<witnessed region>} so that a credential can be limited
 * to one witnessed trail. The route's own audit event carries the witnessed region, digest seq and refusal code.
 */
public final class WitnessApi {
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final CheckpointWitnessService witness;
    private final String account;

    public WitnessApi(CheckpointWitnessService witness, String account) {
        this.witness = witness;
        this.account = account;
    }

    void register(AuditedRoutes routes, UnaryOperator<Handler> admin) {
        routes.add(
                POST,
                "/audit/witness/checkpoints",
                "audit:WitnessCheckpoint",
                ctx -> trail(
                        Requests.body(ctx).path("checkpoint").path("region").asText(null)),
                admin.apply(this::submit));
        routes.add(
                GET,
                "/audit/witness/{region}",
                "audit:GetWitnessState",
                ctx -> trail(ctx.pathParam("region")),
                admin.apply(this::state));
    }

    private String trail(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            return null;
        }
        return Arn.of("audit", region, account, "trail/" + region).toString();
    }

    private void submit(Context ctx) {
        JsonNode body = Requests.body(ctx);
        AuditDigest checkpoint;
        try {
            checkpoint = AnchorLines.toCheckpoint(body.path("checkpoint"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "checkpoint: " + e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("witnessedRegion", checkpoint.region());
        details.put("digestSeq", checkpoint.digestSeq());
        details.put("toSeq", checkpoint.toSeq());
        AuditedRoutes.details(ctx, details);
        var outcome = witness.submit(new CheckpointWitnessService.Submission(
                checkpoint, Requests.requiredText(body, "publicKey"), proof(body.path("proof"), checkpoint.toSeq())));
        if (outcome instanceof CheckpointWitnessService.Outcome.Refused refused) {
            details.put("reason", refused.reason().name());
            AuditedRoutes.details(ctx, details);
            throw ApiException.conflict(refused.reason().name(), refused.message());
        }
        Cosignature cosignature = ((CheckpointWitnessService.Outcome.Cosigned) outcome).cosignature();
        details.put("witnessKeyId", cosignature.witnessKeyId());
        AuditedRoutes.details(ctx, details);
        ctx.json(cosignatureView(cosignature));
    }

    private static ConsistencyProof proof(JsonNode proof, long secondSize) {
        JsonNode firstSize = proof.get("firstSize");
        JsonNode path = proof.get("path");
        if (firstSize == null || !firstSize.isIntegralNumber() || path == null || !path.isArray()) {
            throw ApiException.badRequest("INVALID_FIELD", "proof must be {\"firstSize\": n, \"path\": [hex, ...]}");
        }
        List<String> hashes = new ArrayList<>();
        for (JsonNode hash : path) {
            if (!hash.isTextual()) {
                throw ApiException.badRequest("INVALID_FIELD", "proof.path holds hex hashes");
            }
            hashes.add(hash.asText());
        }
        return new ConsistencyProof(firstSize.asLong(), secondSize, hashes);
    }

    private void state(Context ctx) {
        String region = ctx.pathParam("region");
        WitnessRecord record = witness.state(region)
                .orElseThrow(() -> ApiException.notFound(
                        "WITNESS_UNKNOWN_REGION", "no checkpoint of region " + region + " was witnessed here"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("digestSeq", record.state().digestSeq());
        body.put("epoch", record.state().epoch());
        body.put("treeSize", record.state().treeSize());
        body.put("merkleRoot", record.state().merkleRoot());
        body.put("checkpointHash", record.state().checkpointHash());
        body.put("checkpoint", AnchorLines.checkpoint(record.checkpoint()));
        body.put("cosignature", cosignatureView(record.cosignature()));
        body.put("trustedKeys", witness.trustedKeys(region));
        ctx.json(body);
    }

    static Map<String, Object> cosignatureView(Cosignature c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("witnessKeyId", c.witnessKeyId());
        view.put("witnessedAtNanos", c.witnessedAtNanos());
        view.put("signature", c.signature());
        view.put("region", c.region());
        view.put("digestSeq", c.digestSeq());
        view.put("toSeq", c.toSeq());
        view.put("merkleRoot", c.merkleRoot());
        view.put("checkpointHash", c.checkpointHash());
        return view;
    }
}
