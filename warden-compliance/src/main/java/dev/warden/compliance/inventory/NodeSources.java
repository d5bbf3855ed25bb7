package dev.warden.compliance.inventory;

import dev.warden.buckets.Bucket;
import dev.warden.compliance.core.NodeFacts;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What only the running node knows, handed to the inventory as suppliers (each asked once per run, when a check
 * needs it): its facts, the sessions open on its gateway, its own CA certificates, the CAs its client trust holds,
 * its buckets and Block Public Access, the public keys its audit checkpoints are signed with, its buckets'
 * replication rules judged against the deployment's jurisdictions (which only the node's region links know), and its
 * copy of IAM as a member region (which only the node's IAM replica knows).
 *
 * @param nodeCas             root, issuing and OCSP CA certificates, in that order
 * @param trustedFingerprints SHA-256 fingerprints (hex) of the CA certificates the gateway's client trust holds now
 */
public record NodeSources(
        Supplier<NodeFacts> facts,
        Supplier<List<LiveSession>> liveSessions,
        Supplier<List<X509Certificate>> nodeCas,
        Supplier<Set<String>> trustedFingerprints,
        Supplier<List<Bucket>> buckets,
        BooleanSupplier blockPublicAccess,
        Supplier<List<PublicKey>> auditKeys,
        Supplier<List<ReplicationView>> replication,
        Supplier<RegionIamView> regionIam) {
    /** Sources of a node without region links: no bucket replication, no copy of another region's IAM. */
    public NodeSources(
            Supplier<NodeFacts> facts,
            Supplier<List<LiveSession>> liveSessions,
            Supplier<List<X509Certificate>> nodeCas,
            Supplier<Set<String>> trustedFingerprints,
            Supplier<List<Bucket>> buckets,
            BooleanSupplier blockPublicAccess,
            Supplier<List<PublicKey>> auditKeys) {
        this(
                facts,
                liveSessions,
                nodeCas,
                trustedFingerprints,
                buckets,
                blockPublicAccess,
                auditKeys,
                List::of,
                () -> RegionIamView.NOT_A_MEMBER);
    }
}
