package dev.warden.node.witness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainedEvent;
import dev.warden.audit.anchor.AnchorLines;
import dev.warden.audit.merkle.CompactRange;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.MerkleHash;
import dev.warden.audit.store.AuditStore;
import dev.warden.audit.witness.Cosignature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Sends one checkpoint to the witness with the proof that it extends what the witness last accepted. The witness's
 * position is asked once (GET) and then remembered; after any refusal it is asked again, since the node's memory of
 * it is then the likeliest thing to be wrong.
 */
final class WitnessDelivery {
    /** What became of one attempt. */
    sealed interface Result {
        record Cosigned(Cosignature cosignature) implements Result {}

        /** The witness already holds this checkpoint or a later one. */
        record AlreadyWitnessed() implements Result {}

        /** The witness refused it for good (409). */
        record Refused(String reason, String message) implements Result {}

        /** Worth trying again later (unreachable, 5xx, not authorized yet). */
        record Retry(String reason, String message) implements Result {}
    }

    /** The witness's last accepted position for this region. */
    private record Position(long digestSeq, long treeSize) {}

    private final String region;
    private final AuditStore store;
    private final WitnessClient client;
    private final String publicKeyPem;
    private Position known;

    WitnessDelivery(String region, AuditStore store, WitnessClient client, String publicKeyPem) {
        this.region = region;
        this.store = store;
        this.client = client;
        this.publicKeyPem = publicKeyPem;
    }

    Result deliver(AuditDigest checkpoint) throws WitnessClient.Unreachable {
        if (known == null) {
            Optional<Result> failed = askPosition();
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        if (checkpoint.digestSeq() <= known.digestSeq()) {
            return new Result.AlreadyWitnessed();
        }
        if (checkpoint.toSeq() < known.treeSize()) {
            known = null;
            return new Result.Refused(
                    "WITNESS_NOT_CONSISTENT",
                    "the witness holds a larger tree than checkpoint " + checkpoint.digestSeq() + " covers");
        }
        ConsistencyProof proof = proof(known, checkpoint.toSeq());
        WitnessClient.Response response = client.post("/audit/witness/checkpoints", body(checkpoint, proof));
        if (response.status() == 200) {
            known = new Position(checkpoint.digestSeq(), checkpoint.toSeq());
            return new Result.Cosigned(Cosignature.of(
                    checkpoint,
                    response.body().path("witnessedAtNanos").asLong(),
                    response.body().path("witnessKeyId").asText(),
                    response.body().path("signature").asText()));
        }
        return refusal(response);
    }

    private Result refusal(WitnessClient.Response response) {
        String message = response.body().path("error").path("message").asText("");
        if (response.status() == 409) {
            known = null;
            return "WITNESS_STALE".equals(response.code())
                    ? new Result.AlreadyWitnessed()
                    : new Result.Refused(response.code(), message);
        }
        return new Result.Retry(response.code(), message);
    }

    /** Asks the witness where it stands; empty on success. */
    private Optional<Result> askPosition() throws WitnessClient.Unreachable {
        WitnessClient.Response response = client.get("/audit/witness/" + region);
        if (response.status() == 404 && "WITNESS_UNKNOWN_REGION".equals(response.code())) {
            known = new Position(0, 0);
            return Optional.empty();
        }
        if (response.status() != 200) {
            return Optional.of(new Result.Retry(response.code(), "asking the witness for its state failed"));
        }
        known = new Position(
                response.body().path("digestSeq").asLong(),
                response.body().path("treeSize").asLong());
        return Optional.empty();
    }

    /** The proof from the witness's tree to the tree of {@code size}: its frontier plus the chain hashes since. */
    private ConsistencyProof proof(Position from, long size) {
        CompactRange frontier = frontierAt(from);
        List<byte[]> appended = new ArrayList<>();
        if (size > from.treeSize()) {
            store.forEach(region, from.treeSize() + 1, size, events -> addLeaves(events, appended));
        }
        if (appended.size() != size - from.treeSize()) {
            throw new IllegalStateException("events " + (from.treeSize() + 1) + ".." + size + " of " + region
                    + " are not all in the store (archived?)");
        }
        return ConsistencyProof.fromFrontier(frontier, appended);
    }

    /** The frontier stored with the witnessed checkpoint, else rebuilt from the chain (O(n), once). */
    private CompactRange frontierAt(Position position) {
        if (position.treeSize() == 0) {
            return CompactRange.empty();
        }
        Optional<CompactRange> stored = store.treeFrontier(region, position.digestSeq())
                .map(CompactRange::parse)
                .filter(range -> range.size() == position.treeSize());
        if (stored.isPresent()) {
            return stored.get();
        }
        CompactRange rebuilt = CompactRange.empty();
        store.forEach(region, 1, position.treeSize(), events -> {
            while (events.hasNext()) {
                rebuilt.append(
                        MerkleHash.leafHash(MerkleHash.parseHash(events.next().hash())));
            }
        });
        if (rebuilt.size() != position.treeSize()) {
            throw new IllegalStateException("the first " + position.treeSize() + " events of " + region
                    + " are not all in the store (archived?)");
        }
        return rebuilt;
    }

    private static void addLeaves(Iterator<ChainedEvent> events, List<byte[]> into) {
        while (events.hasNext()) {
            into.add(MerkleHash.leafHash(MerkleHash.parseHash(events.next().hash())));
        }
    }

    private ObjectNode body(AuditDigest checkpoint, ConsistencyProof proof) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("checkpoint", AnchorLines.checkpoint(checkpoint));
        body.put("publicKey", publicKeyPem);
        ObjectNode p = body.putObject("proof");
        p.put("firstSize", proof.firstSize());
        ArrayNode path = p.putArray("path");
        proof.path().forEach(path::add);
        return body;
    }
}
