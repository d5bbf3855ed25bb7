package dev.warden.registry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.CsrParser;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.testkit.MutableClock;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client chain validation, and that remembering validated chains never lets a chain pass that PKIX would refuse. */
class ClientTrustTest {
    private static final CaHierarchy WARDEN =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());
    private static final CaHierarchy OTHER =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "other"), new SoftwareKeySource(), Clock.systemUTC());

    /** Another hierarchy under the very same names: its CA certificates look like Warden's, with other keys. */
    private static final CaHierarchy NAMESAKE =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());

    private final MutableClock clock = new MutableClock(Instant.now());
    private final ClientTrust trust = new ClientTrust(
            WARDEN.root().certificate(), List.of(WARDEN.issuing().certificate()), clock);

    @Test
    void aChainOfWardensIssuingCaPassesAgainFromMemory() throws Exception {
        X509Certificate[] chain = device("sensor-1", WARDEN);

        trust.validate(chain);
        trust.validate(chain);

        assertThat(trust.rememberedChains()).isEqualTo(1);
    }

    @Test
    void aLeafSentAloneIsCompletedWithWardensIssuingCa() throws Exception {
        X509Certificate[] chain = device("sensor-2", WARDEN);

        assertThatCode(() -> trust.validate(new X509Certificate[] {chain[0]})).doesNotThrowAnyException();
        assertThatCode(() -> trust.validate(new X509Certificate[] {chain[0]})).doesNotThrowAnyException();
    }

    @Test
    void aLeafOfOursSentWithSameNamedForeignCaCertificatesIsValidatedFromTheLeaf() throws Exception {
        // GIVEN Warden's device certificate, presented with CA certificates that only share Warden's CA names (what a
        // PKCS#11 token returns when it holds two CA certificates of one name: it picks the first)
        X509Certificate leaf = device("sensor-5", WARDEN)[0];
        X509Certificate[] mixed = {
            leaf, NAMESAKE.issuing().certificate(), NAMESAKE.root().certificate()
        };

        // THEN the leaf chains to Warden's CA on its own, and passes
        assertThatCode(() -> trust.validate(mixed)).doesNotThrowAnyException();

        // AND the reverse never passes: a namesake's leaf with Warden's own CA certificates
        X509Certificate[] impostor = {
            device("sensor-6", NAMESAKE)[0],
            WARDEN.issuing().certificate(),
            WARDEN.root().certificate()
        };
        assertThatThrownBy(() -> trust.validate(impostor)).isInstanceOf(CertificateException.class);
    }

    @Test
    void aChainToAnUnknownCaIsRefusedEveryTime() throws Exception {
        // GIVEN a device certificate from a CA that is neither Warden's nor a registered manufacturer CA
        X509Certificate[] rogue = device("sensor-3", OTHER);

        // WHEN it is presented twice THEN it is refused twice, and nothing is remembered
        assertThatThrownBy(() -> trust.validate(rogue)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> trust.validate(rogue)).isInstanceOf(CertificateException.class);
        assertThat(trust.rememberedChains()).isZero();
    }

    @Test
    void aRememberedChainOfAManufacturerCaIsRefusedOnceThatCaIsNoLongerTrusted() throws Exception {
        // GIVEN a manufacturer CA that was trusted, and one of its devices that passed
        X509Certificate[] chain = device("sensor-4", OTHER);
        trust.setManufacturerCas(List.of(OTHER.root().certificate()));
        trust.validate(chain);

        // WHEN the CA is removed from the trust
        trust.setManufacturerCas(List.of());

        // THEN the same chain is refused
        assertThatThrownBy(() -> trust.validate(chain)).isInstanceOf(CertificateException.class);
    }

    @Test
    void aDeactivatedCaLetsOnlyItsRegisteredDevicesThrough() throws Exception {
        // GIVEN a manufacturer CA deactivated after one of its devices was registered
        X509Certificate[] registered = device("sensor-8", OTHER);
        X509Certificate[] fresh = device("sensor-9", OTHER);
        trust.setManufacturerCas(List.of(), List.of(OTHER.root().certificate()), leaf -> leaf.equals(registered[0]));

        // THEN the registered device passes, a new one is refused, and the CA is not announced to clients
        assertThatCode(() -> trust.validate(registered)).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.validate(fresh)).isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).doesNotContain(OTHER.root().certificate());
    }

    @Test
    void aRememberedChainIsRefusedOnceItsCertificateHasExpired() throws Exception {
        // GIVEN a one-day device certificate that passed
        X509Certificate[] chain = device("sensor-5", WARDEN);
        trust.validate(chain);

        // WHEN two days pass
        clock.set(clock.instant().plus(Duration.ofDays(2)));

        // THEN it is refused although it was remembered
        assertThatThrownBy(() -> trust.validate(chain)).isInstanceOf(CertificateException.class);
    }

    @Test
    void aChainWithADifferentLeafIsNotTakenForARememberedOne() throws Exception {
        X509Certificate[] good = device("sensor-6", WARDEN);
        X509Certificate[] rogue = device("sensor-6", OTHER);
        trust.validate(good);

        // Same name, same length, other issuer: refused.
        assertThatThrownBy(() -> trust.validate(new X509Certificate[] {rogue[0], good[1]}))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void memoryIsBounded() throws Exception {
        ValidatedChains chains = new ValidatedChains(2);
        List<X509Certificate> path = List.of(device("sensor-7", WARDEN));
        for (int i = 0; i < 5; i++) {
            chains.add(new byte[] {(byte) i}, path);
        }
        assertThat(chains.size()).isLessThanOrEqualTo(2);
    }

    private static X509Certificate[] device(String name, CaHierarchy hierarchy) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        X509Certificate leaf = new CertificateIssuer(hierarchy.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        name,
                        "urn:warden:device:" + name,
                        csr.publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.DEVICE));
        return new X509Certificate[] {leaf, hierarchy.issuing().certificate()};
    }
}
