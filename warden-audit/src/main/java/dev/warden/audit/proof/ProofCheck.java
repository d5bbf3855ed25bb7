package dev.warden.audit.proof;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.EventCanonicalForm;
import dev.warden.audit.HashChain;
import dev.warden.audit.TrustedKey;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.InclusionProof;
import dev.warden.audit.merkle.MerkleHash;
import java.security.Provider;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an {@link EventProof} with nothing but public keys: the event's chain hash is recomputed from the hash
 * before it and the event's canonical form, its leaf hash is taken up the audit path to a root, and that root must
 * be the Merkle root the checkpoint signs, under a trusted key valid for the checkpoint's digest seq. With a trusted
 * checkpoint, the proof's checkpoint must be that one or be consistent with it. Never throws on a forged proof:
 * every failure is one line of reason.
 */
public final class ProofCheck {
    private final List<TrustedKey> keys;
    private final Provider signatureProvider;

    /** @param signatureProvider checks the checkpoint signature, or {@code null} for the JDK's ECDSA */
    public ProofCheck(List<TrustedKey> keys, Provider signatureProvider) {
        this.keys = List.copyOf(keys);
        this.signatureProvider = signatureProvider;
    }

    /** The outcome: valid, or the first reason it is not. */
    public record Verdict(boolean valid, String reason) {
        static Verdict fail(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Checks the proof; {@code trusted} is a checkpoint the caller already trusts, or {@code null}. */
    public Verdict check(EventProof proof, AuditDigest trusted) {
        try {
            Optional<String> failure = structure(proof)
                    .or(() -> chainAndPath(proof))
                    .or(() -> signature(proof.checkpoint(), "the proof's checkpoint"))
                    .or(() -> trusted == null ? Optional.empty() : againstTrusted(proof, trusted));
            return failure.map(Verdict::fail)
                    .orElseGet(() -> new Verdict(
                            true,
                            "event " + proof.event().eventId() + " (seq " + proof.seq()
                                    + ") is in the trail signed by checkpoint "
                                    + proof.checkpoint().digestSeq()));
        } catch (RuntimeException e) {
            return Verdict.fail("malformed proof: " + e.getMessage());
        }
    }

    private static Optional<String> structure(EventProof proof) {
        AuditDigest cp = proof.checkpoint();
        InclusionProof inclusion = proof.inclusion();
        if (cp.merkleRoot() == null) {
            return Optional.of(
                    "checkpoint " + cp.digestSeq() + " has no Merkle root (version 1): it proves no inclusion");
        }
        if (!cp.region().equals(proof.event().event().region())) {
            return Optional.of(
                    "the event is of region " + proof.event().event().region() + ", the checkpoint of " + cp.region());
        }
        if (inclusion.leafIndex() != proof.seq() - 1) {
            return Optional.of("leaf index " + inclusion.leafIndex() + " is not the leaf of seq " + proof.seq());
        }
        if (inclusion.treeSize() != cp.toSeq()) {
            return Optional.of(
                    "tree size " + inclusion.treeSize() + " is not the size " + cp.toSeq() + " the checkpoint signs");
        }
        if (proof.seq() == 1 && !HashChain.GENESIS.equals(proof.previousHash())) {
            return Optional.of("the first event must chain to the genesis hash");
        }
        return Optional.empty();
    }

    private static Optional<String> chainAndPath(EventProof proof) {
        String computed;
        try {
            computed = new HashChain()
                    .link(
                            proof.previousHash(),
                            EventCanonicalForm.of(proof.event().event()));
        } catch (IllegalArgumentException e) {
            return Optional.of("the previous chain hash is not a SHA-256 hash");
        }
        if (!computed.equals(proof.event().hash())) {
            return Optional.of("the event does not match its chain hash: the event or the previous hash was changed");
        }
        byte[] leaf = MerkleHash.leafHash(MerkleHash.parseHash(computed));
        byte[] root = MerkleHash.parseHash(proof.checkpoint().merkleRoot());
        if (!proof.inclusion().verify(leaf, root)) {
            return Optional.of("the audit path does not lead from the event's leaf to the Merkle root signed by "
                    + "checkpoint " + proof.checkpoint().digestSeq());
        }
        return Optional.empty();
    }

    private Optional<String> signature(AuditDigest cp, String what) {
        TrustedKey key = keys.stream()
                .filter(k -> k.keyId().equals(cp.keyId()))
                .findFirst()
                .orElse(null);
        if (key == null) {
            return Optional.of(what + " (" + cp.digestSeq() + ") is signed by key " + shortId(cp.keyId())
                    + ", which is not a given audit key");
        }
        if (!key.covers(cp.digestSeq())) {
            return Optional.of(what + " (" + cp.digestSeq() + ") is signed by key " + shortId(cp.keyId())
                    + ", which signs only " + key.range());
        }
        if (!DigestSigner.verify(cp, key.publicKey(), signatureProvider)) {
            return Optional.of("the signature of " + what + " (" + cp.digestSeq() + ") is not valid");
        }
        return Optional.empty();
    }

    private Optional<String> againstTrusted(EventProof proof, AuditDigest trusted) {
        AuditDigest cp = proof.checkpoint();
        if (!trusted.region().equals(cp.region())) {
            return Optional.of("the trusted checkpoint is of region " + trusted.region());
        }
        if (trusted.digestSeq() == cp.digestSeq()) {
            return trusted.hash().equals(cp.hash())
                    ? Optional.empty()
                    : Optional.of("the proof's checkpoint " + cp.digestSeq() + " differs from the trusted one");
        }
        if (trusted.merkleRoot() == null) {
            return Optional.of("the trusted checkpoint " + trusted.digestSeq() + " has no Merkle root to compare with");
        }
        if (trusted.toSeq() == cp.toSeq()) {
            return trusted.merkleRoot().equals(cp.merkleRoot())
                    ? Optional.empty()
                    : Optional.of("the proof's checkpoint signs another tree of the same size as the trusted one");
        }
        ConsistencyProof c = proof.consistency();
        AuditDigest small = trusted.toSeq() < cp.toSeq() ? trusted : cp;
        AuditDigest large = small == trusted ? cp : trusted;
        if (c == null) {
            return Optional.of(
                    "the proof's checkpoint (" + cp.toSeq() + " events) is not the trusted one (" + trusted.toSeq()
                            + " events) and the proof holds no consistency proof (audit prove --consistent-with)");
        }
        if (c.firstSize() != small.toSeq()
                || c.secondSize() != large.toSeq()
                || !c.verify(MerkleHash.parseHash(small.merkleRoot()), MerkleHash.parseHash(large.merkleRoot()))) {
            return Optional.of("the proof's checkpoint is not consistent with the trusted checkpoint "
                    + trusted.digestSeq() + ": the trail was rewritten between them");
        }
        return Optional.empty();
    }

    private static String shortId(String keyId) {
        String id = String.valueOf(keyId);
        return id.length() <= 16 ? id : id.substring(0, 16) + "...";
    }
}
