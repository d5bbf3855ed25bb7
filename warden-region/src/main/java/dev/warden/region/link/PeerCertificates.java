package dev.warden.region.link;

import dev.warden.pki.Fingerprints;
import dev.warden.region.core.RegionNode;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks on a link peer's certificate chain: which region node it names, and whether it chains to a given root. */
public final class PeerCertificates {
    private static final int URI_NAME = 6;

    private PeerCertificates() {}

    /** The region node named by the URI in the leaf certificate's subjectAltName, if exactly one is. */
    public static Optional<RegionNode> identity(X509Certificate leaf) {
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            List<RegionNode> nodes = names.stream()
                    .filter(n -> ((Integer) n.get(0)) == URI_NAME)
                    .map(n -> RegionNode.parse((String) n.get(1)))
                    .flatMap(Optional::stream)
                    .toList();
            return nodes.size() == 1 ? Optional.of(nodes.get(0)) : Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code chain} (leaf first, the root itself may be included) validates up to exactly {@code root}. A
     * certificate with the root's subject and key (the root cross-certified by the deployment root) counts as the root.
     */
    public static boolean chainsTo(X509Certificate[] chain, X509Certificate root) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            List<X509Certificate> path = Arrays.stream(chain)
                    .filter(c -> !Fingerprints.sha256Hex(c).equals(Fingerprints.sha256Hex(root)))
                    .filter(c -> !(c.getSubjectX500Principal().equals(root.getSubjectX500Principal())
                            && c.getPublicKey().equals(root.getPublicKey())))
                    .toList();
            if (path.isEmpty()) {
                return false;
            }
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
