package dev.warden.compliance.checks;

import static dev.warden.compliance.checks.TestInventory.CONTEXT;
import static dev.warden.compliance.checks.TestInventory.NOW;
import static dev.warden.compliance.checks.TestInventory.P256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.KeyInfo;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.SessionTakeOver;
import dev.warden.registry.store.CertificateStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The device-identity checks on hand-built inventories: each passes a sound fleet and fails its misconfiguration. */
class DeviceIdentityChecksTest {
    private static List<Finding> run(CheckId id, TestInventory inventory) {
        return Checks.of(id).evaluate(inventory.build(), CONTEXT);
    }

    private static KeyInfo key(String fingerprint) {
        return new KeyInfo("EC", 256, "secp256r1", 0, fingerprint);
    }

    @Test
    void deviceCertificateExpiringWithinThirtyDays() {
        TestInventory fleet = new TestInventory()
                .device("a1", "fresh", CertificateStatus.ACTIVE, 10, 365, key("k1"))
                .device("a2", "soon", CertificateStatus.ACTIVE, 350, 365, key("k2"))
                .device("a3", "gone", CertificateStatus.ACTIVE, 400, 365, key("k3"))
                .device("a4", "revoked-soon", CertificateStatus.REVOKED, 350, 365, key("k4"));

        List<Finding> found = run(CheckId.DEVICE_CERTIFICATE_EXPIRING, fleet);

        assertThat(found)
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder(TestInventory.arn("cert/a2"), TestInventory.arn("cert/a3"));
        assertThat(found).extracting(Finding::reasonCode).containsExactlyInAnyOrder("EXPIRES_SOON", "EXPIRED");
        assertThat(found.get(0).detail()).contains("soon").contains("in 15 days");
        assertThat(found).allSatisfy(f -> assertThat(f.fix()).isEmpty());
    }

    @Test
    void deviceCertificateOlderThanTheThreshold() {
        TestInventory fleet = new TestInventory()
                .device("b1", "young", CertificateStatus.ACTIVE, 364, 800, key("k1"))
                .device("b2", "old", CertificateStatus.ACTIVE, 366, 800, key("k2"));

        assertThat(run(CheckId.DEVICE_CERTIFICATE_AGE, fleet)).singleElement().satisfies(f -> {
            assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("cert/b2"));
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.detail()).contains("366 days ago").contains("threshold 365 days");
        });
    }

    @Test
    void weakAndRepeatedDeviceKeysAreFoundAndRevokedByTheFix() {
        TestInventory fleet = new TestInventory()
                .device("c1", "strong", CertificateStatus.ACTIVE, 1, 365, key("unique"))
                .device("c2", "rsa1024", CertificateStatus.ACTIVE, 1, 365, new KeyInfo("RSA", 1024, "", 65537, "r"))
                .device("c3", "clone-a", CertificateStatus.ACTIVE, 1, 365, key("shared"))
                .device("c4", "clone-b", CertificateStatus.INACTIVE, 1, 365, key("shared"))
                .device("c5", "p192", CertificateStatus.ACTIVE, 1, 365, new KeyInfo("EC", 192, "secp192r1", 0, "p"));

        List<Finding> found = run(CheckId.DEVICE_CERTIFICATE_KEY_QUALITY, fleet);

        assertThat(found)
                .extracting(Finding::reasonCode)
                .containsExactlyInAnyOrder("WEAK_RSA_KEY", "REPEATED_KEY", "REPEATED_KEY", "WEAK_CURVE");
        Finding repeated = found.stream()
                .filter(f -> f.resourceArn().endsWith("cert/c3"))
                .findFirst()
                .orElseThrow();
        assertThat(repeated.detail()).contains("c4");
        assertThat(repeated.fix()).hasValueSatisfying(fix -> {
            assertThat(fix.command()).isEqualTo("warden cert revoke c3 --reason keyCompromise");
            assertThat(fix.path()).isEqualTo("/certificates/c3/revoke");
            assertThat(fix.iamAction()).isEqualTo("warden:RevokeCertificate");
        });
    }

    @Test
    void caKeyQualityAndExpiry() {
        TestInventory node = new TestInventory()
                .ca(CaView.ROOT, "r", "ACTIVE", true, 3000, P256)
                .ca(CaView.ISSUING, "i", "ACTIVE", true, 40, new KeyInfo("RSA", 1024, "", 65537, "weak"))
                .ca(CaView.MANUFACTURER, "m", "ACTIVE", true, -2, P256)
                .ca(CaView.MANUFACTURER, "weak-maker", "ACTIVE", true, 3000, new KeyInfo("RSA", 1024, "", 65537, "wm"))
                .ca(CaView.MANUFACTURER, "retired", "REVOKED", false, -100, new KeyInfo("DSA", 1024, "", 0, "d"));

        List<Finding> weak = run(CheckId.CA_CERTIFICATE_KEY_QUALITY, node);
        assertThat(weak)
                .extracting(Finding::resourceArn)
                .containsExactlyInAnyOrder(TestInventory.arn("cacert/i"), TestInventory.arn("cacert/weak-maker"));
        Finding issuing = weak.stream()
                .filter(f -> f.resourceArn().endsWith("cacert/i"))
                .findFirst()
                .orElseThrow();
        assertThat(issuing.severity()).isEqualTo(Severity.CRITICAL);
        // the node's own CA has no one-command fix; a maker's CA is deactivated (it registers no more devices)
        assertThat(issuing.fix()).isEmpty();
        assertThat(weak.stream()
                        .filter(f -> f.resourceArn().endsWith("cacert/weak-maker"))
                        .findFirst()
                        .orElseThrow()
                        .fix())
                .hasValueSatisfying(fix -> {
                    assertThat(fix.command()).isEqualTo("warden manufacturer-ca deactivate weak-maker");
                    assertThat(fix.path()).isEqualTo("/manufacturer-cas/weak-maker/deactivate");
                    assertThat(fix.iamAction()).isEqualTo("warden:DeactivateManufacturerCa");
                });
        assertThat(run(CheckId.CA_CERTIFICATE_EXPIRING, node))
                .extracting(Finding::resourceArn, Finding::severity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(TestInventory.arn("cacert/i"), Severity.HIGH),
                        org.assertj.core.groups.Tuple.tuple(TestInventory.arn("cacert/m"), Severity.CRITICAL));
    }

    @Test
    void oneCertificateFromTwoAddressesIsSharedAndTwoCertificatesOnOneClientIdConflict() {
        TestInventory fleet = new TestInventory();
        fleet.takeOvers.add(takeOver("dev-1", "s1", "10.0.0.1", "s1", "10.0.0.1")); // reconnect: fine
        fleet.takeOvers.add(takeOver("dev-2", "s2", "10.0.0.2", "s2", "198.51.100.7")); // cloned
        fleet.takeOvers.add(takeOver("dev-3", "s3", "10.0.0.3", "s9", "10.0.0.3")); // fight

        assertThat(run(CheckId.DEVICE_CERTIFICATE_SHARED, fleet))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("cert/s2"));
                    assertThat(f.detail()).contains("10.0.0.2").contains("198.51.100.7");
                    assertThat(f.fix()).isPresent();
                });
        // once the shared certificate is revoked (its fix), it opens no session: the finding is over
        fleet.device("s2", "dev-2", CertificateStatus.REVOKED, 1, 365, key("k-s2"));
        assertThat(run(CheckId.DEVICE_CERTIFICATE_SHARED, fleet)).isEmpty();
        assertThat(run(CheckId.CONFLICTING_CLIENT_IDS, fleet)).singleElement().satisfies(f -> {
            assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("client/dev-3"));
            assertThat(f.detail()).contains("s3").contains("s9");
        });
    }

    private static SessionTakeOver takeOver(
            String client, String serial, String ip, String previous, String previousIp) {
        return new SessionTakeOver(
                NOW.minusSeconds(600),
                client,
                Optional.of(serial),
                Optional.of(ip),
                Optional.of(previous),
                Optional.of(previousIp));
    }

    @Test
    void aSessionOnARevokedCertificateIsFoundAndOneOnAnActiveOneIsNot() {
        TestInventory fleet = new TestInventory()
                .device("d1", "ok", CertificateStatus.ACTIVE, 1, 365, key("k1"))
                .device("d2", "zombie", CertificateStatus.REVOKED, 1, 365, key("k2"));
        fleet.liveSessions.add(new LiveSession("ok", "00d1"));
        assertThat(run(CheckId.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE, fleet)).isEmpty();

        fleet.liveSessions.add(new LiveSession("zombie", "D2"));
        assertThat(run(CheckId.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE, fleet))
                .singleElement()
                .satisfies(f -> assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("cert/d2")));
    }

    @Test
    void aRevokedManufacturerCaStillTrustedAndTheActiveCertificatesItIssued() {
        TestInventory node = new TestInventory()
                .ca(CaView.ISSUING, "i", "ACTIVE", true, 3000, P256)
                .ca(CaView.MANUFACTURER, "m", "REVOKED", true, 3000, P256)
                .device("e1", "ours", CertificateStatus.ACTIVE, 1, 365, key("k1"));
        assertThat(run(CheckId.REVOKED_CA_CERTIFICATE_STILL_ACTIVE, node))
                .singleElement()
                .satisfies(f -> assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("cacert/m")));
        // e1 names the issuing CA (key id aa01): nothing is active under the revoked CA yet
        assertThat(run(CheckId.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES, node))
                .isEmpty();

        node.certificates.add(new dev.warden.compliance.inventory.CertificateView(
                "e2",
                dev.warden.registry.store.CertificateKind.DEVICE,
                CertificateStatus.ACTIVE,
                Optional.of("theirs"),
                NOW,
                NOW.plusSeconds(86_400),
                NOW,
                Optional.empty(),
                "CN=manufacturer m",
                Optional.of("bbm"),
                "SHA256WITHECDSA",
                key("k2")));
        assertThat(run(CheckId.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES, node))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.resourceArn()).isEqualTo(TestInventory.arn("cacert/m"));
                    assertThat(f.detail())
                            .contains("1 active device certificate")
                            .contains("e2");
                });
    }

    @Test
    void everyCheckIdHasItsCheck() {
        for (CheckId id : CheckId.values()) {
            assertThat(Checks.of(id).id()).isEqualTo(id);
        }
        assertThat(Checks.all()).hasSize(CheckId.values().length);
    }

    @Test
    void aSoundFleetHasNoFinding() {
        TestInventory fleet = new TestInventory()
                .ca(CaView.ROOT, "r", "ACTIVE", true, 3000, P256)
                .ca(CaView.ISSUING, "i", "ACTIVE", true, 1500, P256)
                .device("f1", "one", CertificateStatus.ACTIVE, 30, 365, key("k1"))
                .device("f2", "two", CertificateStatus.ACTIVE, 30, 365, key("k2"));
        for (Check c : Checks.all()) {
            if (c.id() != CheckId.UNUSED_CREDENTIAL) {
                assertThat(c.evaluate(fleet.build(), CONTEXT)).as(c.id().name()).isEmpty();
            }
        }
    }
}
