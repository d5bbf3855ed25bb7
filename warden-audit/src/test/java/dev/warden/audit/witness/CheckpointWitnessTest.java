package dev.warden.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.MerkleHash;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The witness's rules: append-only trees signed by the trusted key are accepted, nothing else is. */
class CheckpointWitnessTest {
    private static final Set<String> TRUSTED = Set.of(WitnessTrail.NODE.keyId());

    private static WitnessVerdict submit(
            AuditDigest checkpoint, ConsistencyProof proof, Optional<WitnessedCheckpoint> last) {
        return CheckpointWitness.check(checkpoint, WitnessTrail.NODE_KEY.getPublic(), proof, TRUSTED, last);
    }

    private static WitnessReason refusal(WitnessVerdict verdict) {
        assertThat(verdict).isInstanceOf(WitnessVerdict.Refused.class);
        return ((WitnessVerdict.Refused) verdict).reason();
    }

    @Property(tries = 60)
    void aGrowingTrailIsAcceptedCheckpointByCheckpoint(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(max = 40) Integer> growth, @ForAll long seed) {
        WitnessTrail trail = new WitnessTrail("eu-west-1", seed);
        Optional<WitnessedCheckpoint> last = Optional.empty();
        for (int events : growth) {
            long from = last.map(WitnessedCheckpoint::treeSize).orElse(0L);
            AuditDigest checkpoint = trail.append(events).checkpoint();
            WitnessVerdict verdict = submit(checkpoint, trail.proof(from, checkpoint.toSeq()), last);
            assertThat(verdict).as("checkpoint %d", checkpoint.digestSeq()).isInstanceOf(WitnessVerdict.Accepted.class);
            last = Optional.of(((WitnessVerdict.Accepted) verdict).next());
            assertThat(last.get()).isEqualTo(WitnessedCheckpoint.of(checkpoint));
        }
    }

    @Property(tries = 60)
    void aRewrittenLeafIsNeverAccepted(
            @ForAll @IntRange(min = 1, max = 60) int first,
            @ForAll @IntRange(min = 1, max = 60) int more,
            @ForAll int pick,
            @ForAll long seed) {
        WitnessTrail trail = new WitnessTrail("eu-west-1", seed);
        WitnessedCheckpoint witnessed =
                WitnessedCheckpoint.of(trail.append(first).checkpoint());
        trail.append(more);
        // Rewrite one leaf the witness already covered, then sign the rewritten tree.
        int victim = Math.floorMod(pick, first);
        byte[] changed = trail.leaves.get(victim).clone();
        changed[0] ^= 1;
        trail.leaves.set(victim, changed);
        AuditDigest rewritten = trail.checkpoint();

        WitnessVerdict verdict = submit(rewritten, trail.proof(first, rewritten.toSeq()), Optional.of(witnessed));
        assertThat(refusal(verdict)).isEqualTo(WitnessReason.WITNESS_NOT_CONSISTENT);
    }

    @Example
    void aHeartbeatWithTheSameTreeIsAccepted() {
        WitnessTrail trail = new WitnessTrail("eu-west-1", 1);
        WitnessedCheckpoint witnessed = WitnessedCheckpoint.of(trail.append(5).checkpoint());
        AuditDigest heartbeat = trail.checkpoint();
        assertThat(heartbeat.heartbeat()).isTrue();
        assertThat(submit(heartbeat, trail.proof(5, 5), Optional.of(witnessed)))
                .isInstanceOf(WitnessVerdict.Accepted.class);
    }

    @Example
    void staleReplayedAndUnchainedCheckpointsAreRefused() {
        WitnessTrail trail = new WitnessTrail("eu-west-1", 2);
        AuditDigest first = trail.append(3).checkpoint();
        AuditDigest second = trail.append(3).checkpoint();
        Optional<WitnessedCheckpoint> last = Optional.of(WitnessedCheckpoint.of(second));
        assertThat(refusal(submit(first, trail.proof(3, 3), last))).isEqualTo(WitnessReason.WITNESS_STALE);
        assertThat(refusal(submit(second, trail.proof(6, 6), last))).isEqualTo(WitnessReason.WITNESS_STALE);

        // The next digest must name the witnessed one as its previous.
        AuditDigest third = trail.append(1).checkpoint();
        AuditDigest unchained = WitnessTrail.NODE.sign(new AuditDigest(
                third.region(),
                third.digestSeq(),
                third.fromSeq(),
                third.toSeq(),
                third.headHash(),
                first.hash(),
                third.createdAtNanos(),
                third.keyId(),
                null,
                0,
                third.merkleRoot()));
        assertThat(refusal(submit(unchained, trail.proof(6, 7), last))).isEqualTo(WitnessReason.WITNESS_NOT_CONSISTENT);
        assertThat(submit(third, trail.proof(6, 7), last)).isInstanceOf(WitnessVerdict.Accepted.class);
        // A proof from another size than the witness's is no proof.
        assertThat(refusal(submit(third, trail.proof(3, 7), last))).isEqualTo(WitnessReason.WITNESS_NOT_CONSISTENT);
    }

    @Example
    void keysAndSignaturesAreChecked() {
        WitnessTrail trail = new WitnessTrail("eu-west-1", 3);
        AuditDigest checkpoint = trail.append(4).checkpoint();
        ConsistencyProof proof = trail.proof(0, 4);

        KeyPair other = WitnessTrail.generate();
        DigestSigner stranger = new DigestSigner(other.getPrivate(), other.getPublic());
        AuditDigest foreign = stranger.sign(new AuditDigest(
                checkpoint.region(),
                1,
                1,
                4,
                checkpoint.headHash(),
                checkpoint.previousDigestHash(),
                1,
                stranger.keyId(),
                null,
                0,
                checkpoint.merkleRoot()));
        assertThat(refusal(CheckpointWitness.check(foreign, other.getPublic(), proof, TRUSTED, Optional.empty())))
                .isEqualTo(WitnessReason.WITNESS_UNKNOWN_KEY);
        assertThat(refusal(CheckpointWitness.check(checkpoint, other.getPublic(), proof, TRUSTED, Optional.empty())))
                .as("keyId names another key")
                .isEqualTo(WitnessReason.WITNESS_UNKNOWN_KEY);
        // Trust on first use: with no trusted key yet, the first valid signer is accepted and becomes trusted.
        WitnessVerdict first = CheckpointWitness.check(foreign, other.getPublic(), proof, Set.of(), Optional.empty());
        assertThat(((WitnessVerdict.Accepted) first).trustsNewKey()).isTrue();

        AuditDigest forged = checkpoint.withSignature(foreign.signature());
        assertThat(refusal(submit(forged, proof, Optional.empty()))).isEqualTo(WitnessReason.WITNESS_BAD_SIGNATURE);
        AuditDigest v1 = WitnessTrail.NODE.sign(new AuditDigest(
                checkpoint.region(),
                1,
                1,
                4,
                checkpoint.headHash(),
                checkpoint.previousDigestHash(),
                1,
                checkpoint.keyId(),
                null));
        assertThat(refusal(submit(v1, proof, Optional.empty()))).isEqualTo(WitnessReason.WITNESS_UNSUPPORTED_VERSION);
        // Any tree extends the empty one; once a tree is witnessed, another root of the same size is refused.
        AuditDigest wrongRoot = trail.checkpoint(WitnessTrail.NODE, MerkleHash.hex(new byte[32]));
        assertThat(refusal(submit(wrongRoot, trail.proof(4, 4), Optional.of(WitnessedCheckpoint.of(checkpoint)))))
                .isEqualTo(WitnessReason.WITNESS_NOT_CONSISTENT);
    }

    @Property(tries = 30)
    void aCosignatureVerifiesOnlyAsSigned(
            @ForAll @IntRange(min = 0, max = 50) int events, @ForAll long seed, @ForAll long witnessedAt) {
        KeyPair witnessKey = WitnessTrail.generate();
        DigestSigner witness = new DigestSigner(witnessKey.getPrivate(), witnessKey.getPublic());
        AuditDigest checkpoint =
                new WitnessTrail("eu-west-1", seed).append(events).checkpoint();
        Cosignature cosignature = Cosignature.sign(checkpoint, witnessedAt, witness);

        assertThat(cosignature.verify(witnessKey.getPublic())).isTrue();
        assertThat(cosignature.covers(checkpoint)).isTrue();
        assertThat(cosignature.verify(WitnessTrail.NODE_KEY.getPublic())).isFalse();
        assertThat(new Cosignature(
                                cosignature.region(),
                                cosignature.digestSeq() + 1,
                                cosignature.toSeq(),
                                cosignature.merkleRoot(),
                                cosignature.checkpointHash(),
                                witnessedAt,
                                cosignature.witnessKeyId(),
                                cosignature.signature())
                        .verify(witnessKey.getPublic()))
                .isFalse();
        assertThat(Cosignature.of(checkpoint, witnessedAt + 1, witness.keyId(), cosignature.signature())
                        .verify(witnessKey.getPublic()))
                .isFalse();
        // The same key's checkpoint signature never passes as a cosignature, and the reverse.
        assertThat(DigestSigner.verify(checkpoint.withSignature(cosignature.signature()), witnessKey.getPublic()))
                .isFalse();
    }
}
