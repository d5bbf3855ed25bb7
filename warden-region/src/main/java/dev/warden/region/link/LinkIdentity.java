package dev.warden.region.link;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CrossCertificates;
import dev.warden.pki.IssueRequest;
import dev.warden.region.core.RegionNode;
import dev.warden.region.service.LocalNode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A node's link identity, made at each start: a fresh P-256 key that never leaves memory, certified by the region's
 * issuing CA for the node's ARN. Peers pin the region's root, not this certificate, so a new one per start costs
 * nothing and leaves no key on disk.
 */
public final class LinkIdentity {
    /** Longer than any node runs between restarts in practice; a restart makes a new one. */
    public static final Duration VALIDITY = Duration.ofDays(90);

    private LinkIdentity() {}

    public static LocalNode issue(
            CaHierarchy hierarchy, RegionNode node, String linkUrl, String mqttUrl, Clock clock, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = new CertificateIssuer(hierarchy.issuing(), random, clock)
                    .issue(new IssueRequest(
                            node.region() + "/" + node.node(),
                            node.arn(),
                            keys.getPublic(),
                            VALIDITY,
                            null,
                            null,
                            CertificateProfile.REGION_NODE));
            List<X509Certificate> chain = List.of(
                    certificate,
                    hierarchy.issuing().certificate(),
                    hierarchy.root().certificate());
            return new LocalNode(
                    node,
                    linkUrl,
                    mqttUrl,
                    hierarchy.root().certificate(),
                    keys.getPrivate(),
                    chain,
                    memberRoot -> CrossCertificates.certify(hierarchy.root(), memberRoot, clock));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the link key", e);
        }
    }
}
