package dev.warden.registry.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.CsrParser;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.testkit.MutableClock;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Residency with three CA hierarchies: eu-west-1 (this region), us-east-1 (a member) and ap-south-1 (not a member).
 * A us-east-1 device passes TLS here and is sent home at CONNECT; nothing else changes for eu-west-1's own devices;
 * a non-member's device, a certificate that names another region than its CA's, and a region that left are refused.
 */
class ResidencyTest {
    private static final CaHierarchy EU = hierarchy("eu-west-1");
    private static final CaHierarchy US = hierarchy("us-east-1");
    private static final CaHierarchy AP = hierarchy("ap-south-1");
    private static final HomeRegion US_MEMBER =
            HomeRegion.of("us-east-1", US.root().certificate(), "mqtts://us.example.net:8883");

    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<HomeRegion> members = new CopyOnWriteArrayList<>(List.of(US_MEMBER));
    private final AtomicInteger reads = new AtomicInteger();
    private final Residency residency = new Residency(
            "default",
            () -> {
                reads.incrementAndGet();
                return List.copyOf(members);
            },
            clock);
    private final ClientTrust localTrust =
            new ClientTrust(EU.root().certificate(), List.of(EU.issuing().certificate()), clock);
    private final ResidentTrust trust = new ResidentTrust(localTrust, residency);
    private final List<X509Certificate> askedLocally = new CopyOnWriteArrayList<>();
    private final ResidentDeviceAuthenticator authenticator = new ResidentDeviceAuthenticator(
            leaf -> {
                askedLocally.add(leaf);
                // This region's registry knows only its own devices.
                return leaf.getIssuerX500Principal()
                                .equals(EU.issuing().certificate().getSubjectX500Principal())
                        ? AuthenticationResult.accept(new DeviceIdentity("sensor-eu", "1", "f", Map.of()))
                        : AuthenticationResult.reject(
                                AuthenticationResult.RejectionReason.CERTIFICATE_UNKNOWN, "not registered");
            },
            residency);

    ResidencyTest() {
        residency.refresh();
    }

    @Test
    void aDeviceOfAMemberRegionFinishesTheHandshakeAndIsSentHomeWithoutTheRegistryBeingAsked() throws Exception {
        X509Certificate[] roamer = device(US, "arn:warden:iot:us-east-1:default:thing/sensor-us");

        assertThatCode(() -> trust.checkClientTrusted(roamer, "ECDHE_ECDSA")).doesNotThrowAnyException();
        AuthenticationResult result = authenticator.authenticate(roamer);

        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Redirected.class, r -> {
            assertThat(r.serverReference()).isEqualTo("us.example.net:8883");
            assertThat(r.reason()).isEqualTo("WRONG_REGION");
            assertThat(r.device()).isEqualTo("arn:warden:iot:us-east-1:default:thing/sensor-us");
            assertThat(r.details())
                    .containsEntry("homeRegion", "us-east-1")
                    .containsEntry("fingerprint", Fingerprints.sha256Hex(roamer[0]));
        });
        assertThat(askedLocally).isEmpty();
        assertThat(trust.getAcceptedIssuers())
                .contains(US.root().certificate(), EU.root().certificate());
    }

    @Test
    void thisRegionsOwnDevicesGoToItsRegistryAsBeforeEvenSentAlone() throws Exception {
        X509Certificate[] own = device(EU, "arn:warden:iot:eu-west-1:default:thing/sensor-eu");

        trust.checkClientTrusted(own, "ECDHE_ECDSA");
        trust.checkClientTrusted(new X509Certificate[] {own[0]}, "ECDHE_ECDSA");

        assertThat(authenticator.authenticate(own)).isInstanceOf(AuthenticationResult.Accepted.class);
        assertThat(authenticator.authenticate(new X509Certificate[] {own[0]}))
                .isInstanceOf(AuthenticationResult.Accepted.class);
        assertThat(askedLocally).hasSize(2);
    }

    @Test
    void aDeviceOfARegionThatIsNotAMemberIsRefusedAtTheHandshake() {
        X509Certificate[] stranger = device(AP, "arn:warden:iot:ap-south-1:default:thing/sensor-ap");

        assertThatThrownBy(() -> trust.checkClientTrusted(stranger, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).doesNotContain(AP.root().certificate());
    }

    @Test
    void aMemberCaCannotSendItsDevicesAnywhereButHome() {
        // us-east-1's CA signs a certificate that claims to be a thing of eu-west-1, and one of another account
        X509Certificate[] forged = device(US, "arn:warden:iot:eu-west-1:default:thing/sensor-eu");
        X509Certificate[] otherAccount = device(US, "arn:warden:iot:us-east-1:other:thing/sensor-us");
        X509Certificate[] linkLike = device(US, "arn:warden:region::default:node/us-east-1/node-1");

        for (X509Certificate[] chain : List.of(forged, otherAccount, linkLike)) {
            assertThat(authenticator.authenticate(chain))
                    .isInstanceOfSatisfying(
                            AuthenticationResult.Rejected.class,
                            r -> assertThat(r.reason())
                                    .isEqualTo(AuthenticationResult.RejectionReason.CERTIFICATE_UNKNOWN));
        }
        assertThat(askedLocally).isEmpty();
    }

    @Test
    void aRegionThatLeftIsNoLongerTrustedNorRedirectedTo() {
        X509Certificate[] roamer = device(US, "arn:warden:iot:us-east-1:default:thing/sensor-us-2");
        AtomicInteger rebuilt = new AtomicInteger();
        trust.onChange(rebuilt::incrementAndGet);

        // WHEN us-east-1 leaves, after a handshake made while it was a member
        members.clear();
        clock.advance(Duration.ofSeconds(2));

        // THEN the CONNECT reads the membership again and refuses the device, without the registry's help
        assertThat(authenticator.authenticate(roamer)).isInstanceOf(AuthenticationResult.Rejected.class);
        assertThat(askedLocally).isEmpty();
        assertThat(rebuilt).hasValue(1);
        // AND the next handshake fails
        assertThatThrownBy(() -> trust.checkClientTrusted(roamer, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).doesNotContain(US.root().certificate());
    }

    @Test
    void theMembershipIsReadAtMostOnceASecondForKnockingDevices() {
        X509Certificate[] roamer = device(US, "arn:warden:iot:us-east-1:default:thing/sensor-us-3");
        int before = reads.get();

        for (int i = 0; i < 20; i++) {
            authenticator.authenticate(roamer);
        }
        clock.advance(Duration.ofSeconds(1));
        authenticator.authenticate(roamer);

        assertThat(reads.get() - before).isBetween(1, 2);
    }

    @Test
    void anExpiredDeviceOfAMemberFailsTheHandshake() {
        X509Certificate[] roamer = device(US, "arn:warden:iot:us-east-1:default:thing/sensor-us-4");
        clock.advance(Duration.ofDays(2));

        assertThatThrownBy(() -> trust.checkClientTrusted(roamer, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void listenersHearOnlyOfChangedRoots() {
        AtomicInteger changes = new AtomicInteger();
        residency.onChange(changes::incrementAndGet);

        residency.refresh();
        members.add(HomeRegion.of("ap-south-1", AP.root().certificate(), "mqtts://ap.example.net:8883"));
        residency.refresh();

        assertThat(changes).hasValue(1);
    }

    @Test
    void theServerReferenceIsTheHostAndPortOfAnMqttsUrlOnly() {
        assertThat(HomeRegion.serverReference("mqtts://us.example.net:8883")).isEqualTo("us.example.net:8883");
        assertThat(HomeRegion.serverReference("mqtts://[2001:db8::1]:8883")).isEqualTo("[2001:db8::1]:8883");
        assertThat(HomeRegion.serverReference("mqtts://us.example.net")).isEmpty();
        assertThat(HomeRegion.serverReference("https://us.example.net:443")).isEmpty();
        assertThat(HomeRegion.serverReference("")).isEmpty();
        assertThat(HomeRegion.serverReference(null)).isEmpty();
        assertThat(HomeRegion.serverReference("mqtts://bad host:1")).isEmpty();
    }

    private static CaHierarchy hierarchy(String region) {
        return CaHierarchyBuilder.create(new CaNames(region, "default"), new SoftwareKeySource(), Clock.systemUTC());
    }

    /** A one-day device certificate with {@code sanUri}, and the chain a Warden device sends: leaf, issuing CA. */
    private static X509Certificate[] device(CaHierarchy hierarchy, String sanUri) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, "device"));
        X509Certificate leaf = new CertificateIssuer(hierarchy.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        "device", sanUri, csr.publicKey(), Duration.ofDays(1), null, null, CertificateProfile.DEVICE));
        return new X509Certificate[] {leaf, hierarchy.issuing().certificate()};
    }
}
