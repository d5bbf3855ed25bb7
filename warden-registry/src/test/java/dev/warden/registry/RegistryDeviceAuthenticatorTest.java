package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CONNECT decision on a certificate: the live index always decides, whatever was read before. */
class RegistryDeviceAuthenticatorTest {
    private static final CaHierarchy CA =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());

    @TempDir
    Path dir;

    private Database database;
    private final CertificateStatusIndex index = new CertificateStatusIndex();
    private RegistryDeviceAuthenticator authenticator;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        authenticator = new RegistryDeviceAuthenticator(index, database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anActiveDeviceIsAcceptedWithItsThingsAttributes() {
        X509Certificate certificate = enroll("sensor-1", CertificateStatus.ACTIVE);

        AuthenticationResult first = authenticator.authenticate(certificate);
        AuthenticationResult second = authenticator.authenticate(certificate);

        assertThat(first).isInstanceOf(AuthenticationResult.Accepted.class);
        assertThat(((AuthenticationResult.Accepted) second).identity().attributes())
                .containsEntry("site", "north");
    }

    @Test
    void aCertificateRevokedAfterItsFirstConnectIsRefused() {
        // GIVEN a device that connected once (its thing is remembered)
        X509Certificate certificate = enroll("sensor-2", CertificateStatus.ACTIVE);
        assertThat(authenticator.authenticate(certificate)).isInstanceOf(AuthenticationResult.Accepted.class);

        // WHEN its certificate is revoked
        index.put(record(certificate, "sensor-2", CertificateStatus.REVOKED));

        // THEN its next CONNECT is refused as revoked
        assertThat(authenticator.authenticate(certificate))
                .isInstanceOfSatisfying(
                        AuthenticationResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.CERTIFICATE_REVOKED));
    }

    @Test
    void aDeactivatedCertificateIsRefusedEvenThoughItsThingWasRemembered() {
        X509Certificate certificate = enroll("sensor-3", CertificateStatus.ACTIVE);
        authenticator.authenticate(certificate);

        index.put(record(certificate, "sensor-3", CertificateStatus.INACTIVE));

        assertThat(authenticator.authenticate(certificate))
                .isInstanceOfSatisfying(
                        AuthenticationResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.CERTIFICATE_INACTIVE));
    }

    @Test
    void aCertificateWhoseThingIsMissingIsRefused() {
        X509Certificate certificate = issue("ghost");
        index.put(record(certificate, "ghost", CertificateStatus.ACTIVE));

        assertThat(authenticator.authenticate(certificate))
                .isInstanceOfSatisfying(
                        AuthenticationResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.THING_UNKNOWN));
    }

    @Test
    void aUsersConsoleCertificateNeverConnectsAsADevice() {
        // GIVEN a user's active console certificate from the same CA, registered in the index as kind USER
        var keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate user = new CertificateIssuer(CA.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        "alice",
                        "arn:warden:iam::default:user/alice",
                        CsrParser.parse(CsrBuilder.buildCsrDer(keys, "alice")).publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.USER));
        CertificateRecord asDevice = record(user, null, CertificateStatus.ACTIVE);
        index.put(new CertificateRecord(
                asDevice.serial(),
                asDevice.fingerprint(),
                asDevice.region(),
                CertificateKind.USER,
                "alice",
                asDevice.status(),
                null,
                null,
                asDevice.notBefore(),
                asDevice.notAfter(),
                asDevice.pem(),
                asDevice.createdAt(),
                asDevice.statusChangedAt(),
                null,
                null,
                null,
                null));

        // THEN its CONNECT is refused: it is no thing's identity
        assertThat(authenticator.authenticate(user))
                .isInstanceOfSatisfying(
                        AuthenticationResult.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectionReason.THING_UNKNOWN));
    }

    private X509Certificate enroll(String thing, CertificateStatus status) {
        database.useTransaction(h -> new ThingDao(h)
                .insert(new Thing(thing, "eu-west-1", "default", null, Map.of("site", "north"), Instant.now())));
        X509Certificate certificate = issue(thing);
        index.put(record(certificate, thing, status));
        return certificate;
    }

    private static X509Certificate issue(String name) {
        var keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        return new CertificateIssuer(CA.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        name,
                        "urn:warden:device:" + name,
                        csr.publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.DEVICE));
    }

    private static CertificateRecord record(X509Certificate certificate, String thing, CertificateStatus status) {
        Instant now = Instant.now();
        return new CertificateRecord(
                certificate.getSerialNumber().toString(16),
                Fingerprints.sha256Hex(certificate),
                "eu-west-1",
                CertificateKind.DEVICE,
                thing,
                status,
                thing,
                null,
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                Pem.encode(certificate),
                now,
                now,
                status == CertificateStatus.REVOKED ? now : null,
                status == CertificateStatus.REVOKED ? "keyCompromise" : null,
                null,
                null);
    }
}
