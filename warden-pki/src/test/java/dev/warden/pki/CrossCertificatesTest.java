package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class CrossCertificatesTest {
    static CaHierarchy deployment;
    static CaHierarchy member;
    static X509Certificate cross;

    @BeforeAll
    static void crossCertify() {
        deployment = hierarchy("eu-west-1");
        member = hierarchy("us-east-1");
        cross = CrossCertificates.certify(deployment.root(), member.root().certificate(), Clock.systemUTC());
    }

    @Test
    void hasTheMemberRootsSubjectAndKeyUnderTheDeploymentRoot() throws Exception {
        X509Certificate memberRoot = member.root().certificate();
        X509CertificateHolder parsed = new JcaX509CertificateHolder(cross);

        assertThat(parsed.getSubject()).isEqualTo(new JcaX509CertificateHolder(memberRoot).getSubject());
        assertThat(cross.getPublicKey()).isEqualTo(memberRoot.getPublicKey());
        assertThat(parsed.getIssuer())
                .isEqualTo(new JcaX509CertificateHolder(deployment.root().certificate()).getSubject());
        cross.verify(deployment.root().certificate().getPublicKey());
        assertThat(CrossCertificates.certifies(
                        cross, memberRoot, deployment.root().certificate()))
                .isTrue();
        assertThat(CrossCertificates.certifies(cross, memberRoot, memberRoot)).isFalse();
    }

    @Test
    void isACaWithTheMemberRootsPathLengthAndOnlyCertificateAndCrlSigning() {
        X509CertificateHolder parsed = holder(cross);

        BasicConstraints constraints = BasicConstraints.fromExtensions(parsed.getExtensions());
        assertThat(constraints.isCA()).isTrue();
        assertThat(constraints.getPathLenConstraint().intValue())
                .isEqualTo(member.root().certificate().getBasicConstraints())
                .isEqualTo(1);
        assertThat(parsed.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        KeyUsage usage = KeyUsage.fromExtensions(parsed.getExtensions());
        assertThat(usage.hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)).isTrue();
        assertThat(usage.hasUsages(KeyUsage.digitalSignature)).isFalse();
        assertThat(parsed.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(parsed.getExtension(Extension.nameConstraints)).isNull();
    }

    @Test
    void carriesTheMemberRootsKeyIdentifierAndTheDeploymentRootsAsAuthority() {
        SubjectKeyIdentifier subject =
                SubjectKeyIdentifier.fromExtensions(holder(cross).getExtensions());
        SubjectKeyIdentifier memberRoot = SubjectKeyIdentifier.fromExtensions(
                holder(member.root().certificate()).getExtensions());
        SubjectKeyIdentifier deploymentRoot = SubjectKeyIdentifier.fromExtensions(
                holder(deployment.root().certificate()).getExtensions());
        AuthorityKeyIdentifier authority =
                AuthorityKeyIdentifier.fromExtensions(holder(cross).getExtensions());

        assertThat(subject.getKeyIdentifier()).isEqualTo(memberRoot.getKeyIdentifier());
        assertThat(authority.getKeyIdentifier()).isEqualTo(deploymentRoot.getKeyIdentifier());
    }

    @Test
    void neverOutlastsEitherRoot() {
        assertThat(cross.getNotAfter())
                .isBeforeOrEqualTo(deployment.root().certificate().getNotAfter());
        assertThat(cross.getNotAfter())
                .isBeforeOrEqualTo(member.root().certificate().getNotAfter());
        assertThat(cross.getNotBefore())
                .isAfterOrEqualTo(deployment.root().certificate().getNotBefore());

        // GIVEN a deployment root made a year before the member's: the cross certificate ends with the deployment root
        CaHierarchy older = CaHierarchyBuilder.create(
                new CaNames("ap-southeast-1", "default"),
                new SoftwareKeySource(),
                Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC));
        X509Certificate later =
                CrossCertificates.certify(older.root(), member.root().certificate(), Clock.systemUTC());
        assertThat(later.getNotAfter()).isEqualTo(older.root().certificate().getNotAfter());
    }

    @Test
    void refusesALeafAndTheDeploymentRootItselfAndNeedsTheRootKeyOnline() {
        X509Certificate leaf = TestPki.device(TestPki.issuer(member), "device-1");
        assertThatThrownBy(() -> CrossCertificates.certify(deployment.root(), leaf, Clock.systemUTC()))
                .isInstanceOf(PkiException.class)
                .extracting(e -> ((PkiException) e).reason())
                .isEqualTo(PkiReason.NOT_A_ROOT_CERTIFICATE);
        assertThatThrownBy(() -> CrossCertificates.certify(
                        deployment.root(), deployment.root().certificate(), Clock.systemUTC()))
                .extracting(e -> ((PkiException) e).reason())
                .isEqualTo(PkiReason.NOT_A_ROOT_CERTIFICATE);
        CaSigner offline = new CaSigner(deployment.root().certificate(), null, null);
        assertThatThrownBy(
                        () -> CrossCertificates.certify(offline, member.root().certificate(), Clock.systemUTC()))
                .extracting(e -> ((PkiException) e).reason())
                .isEqualTo(PkiReason.CA_NOT_AVAILABLE);
    }

    @Test
    void servedChainEndsWithTheCrossCertificateInsteadOfTheMemberRoot() {
        X509Certificate leaf = TestPki.device(TestPki.issuer(member), "device-2");
        List<X509Certificate> chain =
                List.of(leaf, member.issuing().certificate(), member.root().certificate());

        assertThat(CrossCertificates.underDeploymentRoot(chain, cross))
                .containsExactly(leaf, member.issuing().certificate(), cross);
        assertThat(CrossCertificates.underDeploymentRoot(chain.subList(0, 2), cross))
                .containsExactly(leaf, member.issuing().certificate(), cross);
        // GIVEN a chain under another root: the cross certificate is not for it, the chain stays as it is
        List<X509Certificate> other =
                List.of(deployment.issuing().certificate(), deployment.root().certificate());
        assertThat(CrossCertificates.underDeploymentRoot(other, cross)).isEqualTo(other);
        assertThat(CrossCertificates.underDeploymentRoot(other.subList(0, 1), cross))
                .containsExactly(deployment.issuing().certificate());
    }

    @Test
    void opensslVerifiesAMembersDeviceUnderTheDeploymentRootAlone(@TempDir Path dir) {
        X509Certificate device = TestPki.device(TestPki.issuer(member), "device-3");
        TestPki.write(
                dir.resolve("deployment-root.pem"), Pem.encode(deployment.root().certificate()));
        TestPki.write(
                dir.resolve("member-chain.pem"),
                Pem.encode(List.of(member.issuing().certificate(), cross)));
        TestPki.write(dir.resolve("device.pem"), Pem.encode(device));
        TestPki.write(
                dir.resolve("wrong-root.pem"),
                Pem.encode(hierarchy("eu-central-1").root().certificate()));

        String verified = TestPki.opensslOk(
                dir,
                "verify",
                "-CAfile",
                "deployment-root.pem",
                "-untrusted",
                "member-chain.pem",
                "-purpose",
                "sslclient",
                "device.pem");
        assertThat(verified).contains("device.pem: OK");

        // GIVEN a root of the same name that is not the deployment's: no chain
        var refused = TestPki.openssl(
                dir, "verify", "-CAfile", "wrong-root.pem", "-untrusted", "member-chain.pem", "device.pem");
        assertThat(refused.exitCode()).isNotZero();
    }

    @Test
    void javaPkixValidatesAMembersDeviceUnderTheDeploymentRoot() throws Exception {
        X509Certificate device = TestPki.device(TestPki.issuer(member), "device-4");
        var path = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(device, member.issuing().certificate(), cross));
        var parameters = new java.security.cert.PKIXParameters(java.util.Set.of(
                new java.security.cert.TrustAnchor(deployment.root().certificate(), null)));
        parameters.setRevocationEnabled(false);

        java.security.cert.CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static CaHierarchy hierarchy(String region) {
        return CaHierarchyBuilder.create(new CaNames(region, "default"), new SoftwareKeySource(), Clock.systemUTC());
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
