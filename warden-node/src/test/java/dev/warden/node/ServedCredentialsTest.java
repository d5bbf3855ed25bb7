package dev.warden.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.ServerCredentials;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CrossCertificates;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.SoftwareKeySource;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServedCredentialsTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void theGatewayGetsTheCrossCertificateOnceItArrivesAndTheSameObjectWhileNothingChanges() {
        CaHierarchy deployment = hierarchy("eu-west-1");
        CaHierarchy member = hierarchy("us-east-1");
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate leaf = new CertificateIssuer(member.issuing(), new SecureRandom(), CLOCK)
                .issueServer(
                        "warden-node.us-east-1", List.of("localhost"), List.of(), key.getPublic(), Duration.ofDays(1));
        ServerCredentials files = new ServerCredentials(
                key.getPrivate(),
                List.of(leaf, member.issuing().certificate(), member.root().certificate()));
        AtomicReference<Optional<X509Certificate>> cross = new AtomicReference<>(Optional.empty());
        ServedCredentials served = new ServedCredentials(
                () -> files,
                chain -> cross.get()
                        .map(c -> CrossCertificates.underDeploymentRoot(chain, c))
                        .orElse(chain));

        // GIVEN no cross certificate yet: the files' own credentials, the same object at each handshake
        assertThat(served.get()).isSameAs(files).isSameAs(served.get());

        // WHEN the join brings the cross certificate THEN the chain ends with it instead of the member root, stably
        X509Certificate crossCertificate =
                CrossCertificates.certify(deployment.root(), member.root().certificate(), CLOCK);
        cross.set(Optional.of(crossCertificate));
        ServerCredentials withCross = served.get();
        assertThat(withCross.chain()).containsExactly(leaf, member.issuing().certificate(), crossCertificate);
        assertThat(withCross.privateKey()).isEqualTo(key.getPrivate());
        assertThat(served.get()).isSameAs(withCross);

        // WHEN the region leaves THEN its own chain again
        cross.set(Optional.empty());
        assertThat(served.get().chain()).isEqualTo(files.chain());
    }

    private static CaHierarchy hierarchy(String region) {
        return CaHierarchyBuilder.create(new CaNames(region, "default"), new SoftwareKeySource(), CLOCK);
    }
}
