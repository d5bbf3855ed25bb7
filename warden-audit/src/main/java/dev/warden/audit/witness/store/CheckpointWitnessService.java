package dev.warden.audit.witness.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.witness.CheckpointWitness;
import dev.warden.audit.witness.Cosignature;
import dev.warden.audit.witness.WitnessReason;
import dev.warden.audit.witness.WitnessVerdict;
import dev.warden.pki.Pem;
import dev.warden.storage.Database;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This node as a witness: checks a submitted checkpoint against what it accepted before for the region and, when it
 * extends it, countersigns it with the node's audit-signing key. Decision and storage happen in one serializable
 * transaction, so a refused checkpoint stores nothing and two racing submissions cannot both be accepted.
 */
public final class CheckpointWitnessService {
    private final Database database;
    private final DigestSigner signer;
    private final Clock clock;

    public CheckpointWitnessService(Database database, DigestSigner signer, Clock clock) {
        this.database = database;
        this.signer = signer;
        this.clock = clock;
    }

    /** One submission: the checkpoint, the signer's key as PEM, and the proof from the witness's last size. */
    public record Submission(AuditDigest checkpoint, String publicKeyPem, ConsistencyProof proof) {}

    /** The answer: a cosignature, or why none was given. */
    public sealed interface Outcome {
        record Cosigned(Cosignature cosignature) implements Outcome {}

        record Refused(WitnessReason reason, String message) implements Outcome {}
    }

    public Outcome submit(Submission submission) {
        PublicKey key;
        try {
            key = Pem.parsePublicKey(submission.publicKeyPem());
        } catch (RuntimeException e) {
            return new Outcome.Refused(WitnessReason.WITNESS_UNKNOWN_KEY, "publicKey is not a PEM public key");
        }
        return database.inTransaction(h -> decide(new WitnessStore(h), submission, key));
    }

    private Outcome decide(WitnessStore store, Submission submission, PublicKey key) {
        AuditDigest checkpoint = submission.checkpoint();
        String region = checkpoint.region();
        Optional<WitnessRecord> last = store.state(region);
        var trusted = store.keys(region).keySet();
        WitnessVerdict verdict =
                CheckpointWitness.check(checkpoint, key, submission.proof(), trusted, last.map(WitnessRecord::state));
        if (verdict instanceof WitnessVerdict.Refused refused) {
            return new Outcome.Refused(refused.reason(), refused.message());
        }
        WitnessVerdict.Accepted accepted = (WitnessVerdict.Accepted) verdict;
        long now = nanos(clock.instant());
        if (accepted.trustsNewKey()) {
            store.trust(region, checkpoint.keyId(), Pem.encodePublicKey(key), "first-use", now);
        }
        Cosignature cosignature = Cosignature.sign(checkpoint, now, signer);
        boolean replaced = store.replace(
                new WitnessRecord(accepted.next(), checkpoint, cosignature),
                last.map(r -> r.state().digestSeq()));
        if (!replaced) {
            throw new IllegalStateException("the witness state of " + region + " changed during the transaction");
        }
        return new Outcome.Cosigned(cosignature);
    }

    /** The last accepted checkpoint of {@code region} and its cosignature, if any. */
    public Optional<WitnessRecord> state(String region) {
        return database.read(h -> new WitnessStore(h).state(region));
    }

    /** The key ids trusted for {@code region}. */
    public List<String> trustedKeys(String region) {
        return database.read(h -> List.copyOf(new WitnessStore(h).keys(region).keySet()));
    }

    /** This witness's key id (the one its cosignatures name). */
    public String keyId() {
        return signer.keyId();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
