package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.iam.store.UserDao;
import dev.warden.iam.store.UserRecord;
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
import dev.warden.registry.store.UserCertificateDao;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a client certificate signs in to the console as: only an ACTIVE certificate of kind USER from this region's CA,
 * registered with its fingerprint and naming an existing, enabled user by that user's ARN. Everything else is refused
 * with its reason.
 */
class UserCertificatesTest {
    private static final CaHierarchy CA =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());
    private static final CaHierarchy OTHER_CA =
            CaHierarchyBuilder.create(new CaNames("eu-west-1", "default"), new SoftwareKeySource(), Clock.systemUTC());

    @TempDir
    Path dir;

    private Database database;
    private final CertificateStatusIndex index = new CertificateStatusIndex();

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        database.useTransaction(h -> {
            new UserDao(h)
                    .insert(new UserRecord("alice", "unused", null, false, 0, null, 0, Instant.EPOCH, Instant.now()));
            new UserDao(h)
                    .insert(new UserRecord("bob", "unused", null, false, 0, null, 0, Instant.EPOCH, Instant.now()));
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anActiveUserCertificateSignsInItsUser() {
        X509Certificate certificate = register("alice", CertificateStatus.ACTIVE);

        UserCertificates.CertificateIdentity identity =
                certificates(Clock.systemUTC()).authenticate(chain(certificate));

        assertThat(identity.user()).isEqualTo("alice");
        assertThat(identity.credential()).isEqualTo("cert:" + Fingerprints.sha256Hex(certificate));
    }

    @Test
    void noCertificateIsRefused() {
        assertRefused(null, Clock.systemUTC(), RegistryReason.CERTIFICATE_MISSING);
        assertRefused(new X509Certificate[0], Clock.systemUTC(), RegistryReason.CERTIFICATE_MISSING);
    }

    @Test
    void aDevicesCertificateIsNotAUser() {
        // GIVEN a device's certificate from the same CA, registered and active
        X509Certificate device = issue(CA, "alice", "urn:warden:device:alice", CertificateProfile.DEVICE);
        index.put(record(device, CertificateKind.DEVICE, CertificateStatus.ACTIVE));

        // THEN it signs no one in, even though its CN is a user's name
        assertRefused(chain(device), Clock.systemUTC(), RegistryReason.NOT_A_USER_CERTIFICATE);
    }

    @Test
    void aServiceAccountsCertificateIsNotAUser() {
        X509Certificate service = issue(CA, "alice", arn("service/alice"), CertificateProfile.SERVICE);
        index.put(record(service, CertificateKind.SERVICE, CertificateStatus.ACTIVE));

        assertRefused(chain(service), Clock.systemUTC(), RegistryReason.NOT_A_USER_CERTIFICATE);
    }

    @Test
    void aRevokedCertificateIsRefusedFromTheNextSignInOn() {
        X509Certificate certificate = register("alice", CertificateStatus.ACTIVE);
        certificates(Clock.systemUTC()).authenticate(chain(certificate));

        index.put(record(certificate, CertificateKind.USER, CertificateStatus.REVOKED));

        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.CERTIFICATE_REVOKED);
    }

    @Test
    void anInactiveCertificateIsRefused() {
        X509Certificate certificate = register("alice", CertificateStatus.INACTIVE);

        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.CERTIFICATE_INACTIVE);
    }

    @Test
    void anExpiredCertificateIsRefused() {
        X509Certificate certificate = register("alice", CertificateStatus.ACTIVE);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);

        assertRefused(chain(certificate), later, RegistryReason.CERTIFICATE_EXPIRED);
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedEvenWithARegisteredSerial() {
        // GIVEN a look-alike certificate from another CA, whose serial and fingerprint Warden has never registered
        X509Certificate foreign = issue(OTHER_CA, "alice", arn("user/alice"), CertificateProfile.USER);

        assertRefused(chain(foreign), Clock.systemUTC(), RegistryReason.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void anUnregisteredCertificateIsRefused() {
        X509Certificate certificate = issue(CA, "alice", arn("user/alice"), CertificateProfile.USER);

        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.CERTIFICATE_UNKNOWN);
    }

    @Test
    void aDisabledUserIsRefused() {
        X509Certificate certificate = register("alice", CertificateStatus.ACTIVE);
        database.useTransaction(h -> new UserDao(h).setDisabled("alice", true));

        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.USER_DISABLED);
    }

    @Test
    void aCertificateWhoseUserIsGoneIsRefused() {
        X509Certificate certificate = issue(CA, "carol", arn("user/carol"), CertificateProfile.USER);
        index.put(record(certificate, CertificateKind.USER, CertificateStatus.ACTIVE));
        database.useTransaction(h -> new UserCertificateDao(h).add(serial(certificate), "carol", Instant.now()));

        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.USER_GONE);
    }

    @Test
    void aCertificateRecordedForOneUserButNamingAnotherIsRefused() {
        // GIVEN a certificate whose SAN names bob, recorded (wrongly) as alice's
        X509Certificate certificate = issue(CA, "alice", arn("user/bob"), CertificateProfile.USER);
        index.put(record(certificate, CertificateKind.USER, CertificateStatus.ACTIVE));
        database.useTransaction(h -> new UserCertificateDao(h).add(serial(certificate), "alice", Instant.now()));

        // THEN it signs in neither of them
        assertRefused(chain(certificate), Clock.systemUTC(), RegistryReason.CERTIFICATE_UNKNOWN);
    }

    @Test
    void whatACertificateSignedInEndsWhenItIsRevokedOrExpires() {
        // GIVEN a certificate that signed its user in
        X509Certificate certificate = register("alice", CertificateStatus.ACTIVE);
        UserCertificates.CertificateIdentity identity =
                certificates(Clock.systemUTC()).authenticate(chain(certificate));
        assertThat(certificates(Clock.systemUTC()).stillActive(identity)).isTrue();

        // THEN past its validity it no longer holds, and once revoked neither
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        assertThat(certificates(later).stillActive(identity)).isFalse();
        index.put(record(certificate, CertificateKind.USER, CertificateStatus.REVOKED));
        assertThat(certificates(Clock.systemUTC()).stillActive(identity)).isFalse();
    }

    private void assertRefused(X509Certificate[] chain, Clock clock, RegistryReason reason) {
        assertThatThrownBy(() -> certificates(clock).authenticate(chain))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private UserCertificates certificates(Clock clock) {
        return new UserCertificates(
                database,
                null,
                new ClientCertificateCheck(CA.issuing().certificate(), index, clock),
                name -> arn("user/" + name),
                clock);
    }

    private X509Certificate register(String user, CertificateStatus status) {
        X509Certificate certificate = issue(CA, user, arn("user/" + user), CertificateProfile.USER);
        index.put(record(certificate, CertificateKind.USER, status));
        database.useTransaction(h -> new UserCertificateDao(h).add(serial(certificate), user, Instant.now()));
        return certificate;
    }

    private static String arn(String resource) {
        return "arn:warden:iam::default:" + resource;
    }

    private static X509Certificate[] chain(X509Certificate leaf) {
        return new X509Certificate[] {leaf};
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    private static X509Certificate issue(CaHierarchy ca, String name, String san, CertificateProfile profile) {
        var keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        return new CertificateIssuer(ca.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(name, san, csr.publicKey(), Duration.ofDays(1), null, null, profile));
    }

    private static CertificateRecord record(
            X509Certificate certificate, CertificateKind kind, CertificateStatus status) {
        Instant now = Instant.now();
        return new CertificateRecord(
                serial(certificate),
                Fingerprints.sha256Hex(certificate),
                "eu-west-1",
                kind,
                CertificateService.commonName(certificate),
                status,
                null,
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
