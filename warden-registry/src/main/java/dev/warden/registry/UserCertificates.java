package dev.warden.registry;

import dev.warden.iam.store.UserDao;
import dev.warden.iam.store.UserRecord;
import dev.warden.pki.RevocationReason;
import dev.warden.pki.ValidatedCsr;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.UserCertificateDao;
import dev.warden.storage.Database;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Users' client certificates, for signing in to the console: the same scheme as {@link ServiceAccountCertificates}.
 * Issued from the user's own CSR by the region's issuing CA (the key never leaves the user), recorded in the registry
 * with kind USER, so that they are listed, revoked, published in the CRL and OCSP like any certificate.
 *
 * <p>A certificate is registry data of the region that issued it: IAM replication carries the user, never the user's
 * certificates, so a certificate signs its user in only in its own region.
 *
 * <p>Authentication fails closed: a certificate is the user only if it passes {@link ClientCertificateCheck} as kind
 * USER (so a device's or a service account's certificate is refused), names a user that exists and is enabled, and
 * carries that user's ARN as its SAN URI. IAM's lockout is the sign-in's own check, after this one.
 */
public final class UserCertificates {
    private final Database database;
    private final CertificateService certificates;
    private final ClientCertificateCheck check;
    private final UnaryOperator<String> userArn;
    private final Clock clock;

    /** The user a certificate authenticated, and the certificate that did (valid until {@code notAfter}). */
    public record CertificateIdentity(String user, String serial, String fingerprint, java.time.Instant notAfter) {
        /** How the certificate is named in the audit trail: {@code cert:<sha256 fingerprint>}. */
        public String credential() {
            return ServiceAccountCertificates.CREDENTIAL_PREFIX + fingerprint;
        }
    }

    public UserCertificates(Database database, CertificateService certificates, Clock clock) {
        this(
                database,
                certificates,
                new ClientCertificateCheck(
                        certificates.hierarchy().issuing().certificate(), certificates.statusIndex(), clock),
                certificates::userArn,
                clock);
    }

    UserCertificates(
            Database database,
            CertificateService certificates,
            ClientCertificateCheck check,
            UnaryOperator<String> userArn,
            Clock clock) {
        this.database = database;
        this.certificates = certificates;
        this.check = check;
        this.userArn = userArn;
        this.clock = clock;
    }

    /** Issues a certificate for an existing user from their CSR (whose CN, if any, must be the user's name). */
    public IssuedCertificate issue(String user, byte[] csr) {
        ValidatedCsr parsed = certificates.parseCsrFor(csr, user);
        IssuedCertificate issued = certificates.signUser(user, parsed);
        database.useTransaction(h -> {
            requireUser(new UserDao(h), user);
            CertificateService.store(h, issued);
            new UserCertificateDao(h).add(issued.record().serial(), user, clock.instant());
        });
        certificates.publish(issued.record());
        return issued;
    }

    /** The user's certificates, oldest first, revoked ones included. */
    public List<CertificateRecord> list(String user) {
        return database.read(h -> {
            requireUser(new UserDao(h), user);
            CertificateDao certs = new CertificateDao(h);
            List<CertificateRecord> result = new ArrayList<>();
            for (String serial : new UserCertificateDao(h).serials(user)) {
                certs.find(serial).ifPresent(result::add);
            }
            return result;
        });
    }

    /** Revokes one of the user's certificates; a serial of another user (or a device) is 404. */
    public CertificateRecord revoke(String user, String serial, RevocationReason reason) {
        String normalized = CertificateService.normalizeSerial(serial);
        Optional<String> owner = database.read(h -> new UserCertificateDao(h).userOf(normalized));
        if (owner.isEmpty() || !owner.get().equals(user)) {
            throw new RegistryException(
                    RegistryReason.UNKNOWN_CERTIFICATE, "user '" + user + "' has no certificate " + normalized);
        }
        return certificates.revoke(normalized, reason);
    }

    /**
     * The user a TLS-verified client chain authenticates.
     *
     * @throws RegistryException with the reason when the certificate is not an active certificate of an enabled user
     */
    public CertificateIdentity authenticate(X509Certificate[] chain) {
        ClientCertificateCheck.Passed passed =
                check.check(chain, CertificateKind.USER, RegistryReason.NOT_A_USER_CERTIFICATE);
        String serial = passed.serial();
        Optional<UserRecord> user =
                database.read(h -> new UserCertificateDao(h).userOf(serial).flatMap(name -> new UserDao(h).find(name)));
        if (user.isEmpty()) {
            throw new RegistryException(RegistryReason.USER_GONE, "certificate " + serial + " names no existing user");
        }
        String name = user.get().name();
        if (user.get().disabled()) {
            throw new RegistryException(RegistryReason.USER_DISABLED, "user '" + name + "' is disabled");
        }
        if (!ClientCertificateCheck.sanUris(passed.leaf()).contains(userArn.apply(name))) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_UNKNOWN, "certificate " + serial + " does not name user '" + name + "'");
        }
        return new CertificateIdentity(
                name, serial, passed.fingerprint(), passed.leaf().getNotAfter().toInstant());
    }

    /**
     * Whether the certificate that authenticated {@code identity} is still an ACTIVE user certificate within its
     * validity: a revocation (or deactivation, or expiry) ends what it signed in, from the next request on.
     */
    public boolean stillActive(CertificateIdentity identity) {
        return check.stillActive(identity.serial(), CertificateKind.USER, identity.notAfter());
    }

    private static void requireUser(UserDao users, String user) {
        if (users.find(user).isEmpty()) {
            throw new RegistryException(RegistryReason.UNKNOWN_USER, "no user named '" + user + "'");
        }
    }
}
