package dev.warden.audit.witness;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.HashChain;
import dev.warden.audit.merkle.CompactRange;
import dev.warden.audit.merkle.ConsistencyProof;
import dev.warden.audit.merkle.MerkleHash;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A made-up trail of chain hashes with signed checkpoints over it, as a node would submit them. */
final class WitnessTrail {
    static final KeyPair NODE_KEY = generate();
    static final DigestSigner NODE = new DigestSigner(NODE_KEY.getPrivate(), NODE_KEY.getPublic());

    final String region;
    final List<byte[]> leaves = new ArrayList<>();
    final List<AuditDigest> checkpoints = new ArrayList<>();
    private final Random random;

    WitnessTrail(String region, long seed) {
        this.region = region;
        this.random = new Random(seed);
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends {@code events} made-up chain hashes. */
    WitnessTrail append(int events) {
        for (int i = 0; i < events; i++) {
            byte[] chainHash = new byte[32];
            random.nextBytes(chainHash);
            leaves.add(MerkleHash.leafHash(chainHash));
        }
        return this;
    }

    /** Signs the next checkpoint over everything appended so far. */
    AuditDigest checkpoint() {
        return checkpoint(NODE, rootOf(leaves.size()));
    }

    AuditDigest checkpoint(DigestSigner signer, String root) {
        AuditDigest previous = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        long from = previous == null ? 1 : previous.toSeq() + 1;
        AuditDigest unsigned = new AuditDigest(
                region,
                checkpoints.size() + 1L,
                from,
                leaves.size(),
                MerkleHash.hex(leaves.isEmpty() ? new byte[32] : leaves.get(leaves.size() - 1)),
                previous == null ? HashChain.GENESIS : previous.hash(),
                1_000L * (checkpoints.size() + 1),
                signer.keyId(),
                null,
                0,
                root);
        AuditDigest signed = signer.sign(unsigned);
        checkpoints.add(signed);
        return signed;
    }

    String rootOf(long size) {
        return MerkleHash.hex(frontier(size).root());
    }

    CompactRange frontier(long size) {
        CompactRange range = CompactRange.empty();
        leaves.subList(0, (int) size).forEach(range::append);
        return range;
    }

    /** The proof a node would send from the witness's size to {@code toSize}. */
    ConsistencyProof proof(long fromSize, long toSize) {
        return ConsistencyProof.fromFrontier(frontier(fromSize), leaves.subList((int) fromSize, (int) toSize));
    }
}
