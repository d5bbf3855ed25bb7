package dev.warden.region.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.AuthenticationResult.RejectionReason;
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
import dev.warden.policy.PolicySet;
import dev.warden.registry.residency.DeviceStatusSnapshot;
import dev.warden.registry.residency.ReplicatedDevice;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby serves a failed-over region's device only with the exact certificate the replica holds as active, under
 * the home region's policies, and only while the failover is in force.
 */
class GuestRegistryTest {
    private static final String HOME = "eu-west-1";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:warden:iot:eu-west-1:default:client/sensor-a\"}]}";

    @TempDir
    Path dir;

    private Database database;
    private FailoverStore store;
    private final CaHierarchy home =
            CaHierarchyBuilder.create(new CaNames(HOME, "default"), new SoftwareKeySource(), Clock.systemUTC());

    @BeforeEach
    void open() {
        database = Database.open("", dir);
        store = new FailoverStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anActiveReplicatedDeviceIsServedAsAGuestWithItsHomesPolicies() {
        X509Certificate sensor = device("sensor-a");
        GuestRegistry guests = registry(Set.of(), replicated(sensor, "sensor-a", "ACTIVE"));
        assertThat(guests.serves(HOME)).isFalse();

        declare(guests, FailoverStore.State.ACTIVE);

        assertThat(guests.serves(HOME)).isTrue();
        assertThat(guests.serves("us-east-1")).isFalse();
        AuthenticationResult result = guests.authenticate(HOME, sensor);
        assertThat(result).isInstanceOfSatisfying(AuthenticationResult.Accepted.class, a -> {
            assertThat(a.identity().thingName()).isEqualTo("sensor-a");
            assertThat(a.identity().homeRegion()).isEqualTo(HOME);
            assertThat(a.identity().isGuest()).isTrue();
            assertThat(a.identity().attributes()).containsEntry("site", "lyon");
        });
        PolicySet policies = guests.policiesOf(HOME, "sensor-a");
        assertThat(policies).isNotNull();
    }

    @Test
    void aRevokedAnUnknownOrALocallyNamedDeviceIsRefused() {
        X509Certificate revoked = device("sensor-b");
        X509Certificate clash = device("pump-1");
        X509Certificate unknown = device("sensor-x");
        GuestRegistry guests = registry(
                Set.of("pump-1"), replicated(revoked, "sensor-b", "REVOKED"), replicated(clash, "pump-1", "ACTIVE"));
        declare(guests, FailoverStore.State.ACTIVE);

        assertThat(reason(guests.authenticate(HOME, revoked))).isEqualTo(RejectionReason.CERTIFICATE_REVOKED);
        assertThat(reason(guests.authenticate(HOME, unknown))).isEqualTo(RejectionReason.CERTIFICATE_UNKNOWN);
        assertThat(reason(guests.authenticate(HOME, clash))).isEqualTo(RejectionReason.THING_UNKNOWN);
        assertThat(reason(guests.authenticate("us-east-1", revoked))).isEqualTo(RejectionReason.CERTIFICATE_UNKNOWN);
    }

    @Test
    void onceFailbackBeginsNoGuestIsServedAndItsPoliciesAreGone() {
        X509Certificate sensor = device("sensor-a");
        GuestRegistry guests = registry(Set.of(), replicated(sensor, "sensor-a", "ACTIVE"));
        declare(guests, FailoverStore.State.ACTIVE);
        declare(guests, FailoverStore.State.HANDING_BACK);

        assertThat(guests.serves(HOME)).isFalse();
        assertThat(reason(guests.authenticate(HOME, sensor))).isEqualTo(RejectionReason.CERTIFICATE_UNKNOWN);
        assertThatThrownBy(() -> guests.policiesOf(HOME, "sensor-a")).isInstanceOf(IllegalStateException.class);
    }

    private GuestRegistry registry(Set<String> localThings, ReplicatedDevice... devices) {
        DeviceStatusSnapshot replica = new DeviceStatusSnapshot(List.of(devices), Map.of("sensor-policy", POLICY));
        store.replaceReplica(HOME, replica, replica.version(), Instant.now());
        return new GuestRegistry(store, localThings::contains);
    }

    private void declare(GuestRegistry guests, FailoverStore.State state) {
        store.putFailover(new FailoverStore.Record(HOME, state, Instant.now(), "test"));
        guests.reload();
    }

    private static ReplicatedDevice replicated(X509Certificate certificate, String thing, String status) {
        return new ReplicatedDevice(
                certificate.getSerialNumber().toString(16),
                Fingerprints.sha256Hex(certificate),
                thing,
                status,
                Map.of("site", "lyon"),
                List.of("sensor-policy"));
    }

    private static RejectionReason reason(AuthenticationResult result) {
        return ((AuthenticationResult.Rejected) result).reason();
    }

    private X509Certificate device(String thing) {
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), thing));
        return new CertificateIssuer(home.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        thing,
                        "arn:warden:iot:" + HOME + ":default:thing/" + thing,
                        csr.publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.DEVICE));
    }
}
