package dev.warden.registry;

import dev.warden.iam.store.ServiceAccountDao;
import dev.warden.pki.RevocationReason;
import dev.warden.pki.ValidatedCsr;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.storage.Database;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Service accounts' client certificates: issued from a CSR by the region's issuing CA (the key never leaves the
 * application), recorded in the registry with kind SERVICE so that they are listed, revoked, published in the CRL
 * and OCSP like any certificate, and accepted by the admin API as the account itself.
 *
 * <p>Authentication fails closed: a certificate is the account only if it was signed by this region's issuing CA,
 * is within its validity now, is registered with exactly this fingerprint, is of kind SERVICE and ACTIVE in the live
 * status index (so a revocation holds from the next request on, whatever TLS session is resumed), names an account
 * that exists, and carries that account's ARN as its SAN URI. Anything else is a 401 with the reason.
 */
public final class ServiceAccountCertificates {
    /** How an authenticated certificate is named in the audit trail: {@code cert:<sha256 fingerprint>}. */
    public static final String CREDENTIAL_PREFIX = "cert:";

    private final Database database;
    private final CertificateService certificates;
    private final ClientCertificateCheck check;
    private final Clock clock;

    /** The account a certificate authenticated, and the certificate that did. */
    public record CertificateIdentity(String account, String serial, String fingerprint) {
        public String credential() {
            return CREDENTIAL_PREFIX + fingerprint;
        }
    }

    public ServiceAccountCertificates(
            Database database, CertificateService certificates, CertificateStatusIndex index, Clock clock) {
        this.database = database;
        this.certificates = certificates;
        this.check =
                new ClientCertificateCheck(certificates.hierarchy().issuing().certificate(), index, clock);
        this.clock = clock;
    }

    /** Issues a certificate for an existing account from its CSR (whose CN, if any, must be the account's name). */
    public IssuedCertificate issue(String account, byte[] csr) {
        ValidatedCsr parsed = certificates.parseCsrFor(csr, account);
        IssuedCertificate issued = certificates.signServiceAccount(account, parsed);
        database.useTransaction(h -> {
            ServiceAccountDao accounts = new ServiceAccountDao(h);
            requireAccount(accounts, account);
            CertificateService.store(h, issued);
            accounts.addCertificate(issued.record().serial(), account, clock.instant());
        });
        certificates.publish(issued.record());
        return issued;
    }

    /** The account's certificates, oldest first, revoked ones included. */
    public List<CertificateRecord> list(String account) {
        return database.read(h -> {
            ServiceAccountDao accounts = new ServiceAccountDao(h);
            requireAccount(accounts, account);
            CertificateDao certs = new CertificateDao(h);
            List<CertificateRecord> result = new ArrayList<>();
            for (String serial : accounts.certificateSerials(account)) {
                certs.find(serial).ifPresent(result::add);
            }
            return result;
        });
    }

    /** Revokes one of the account's certificates; a serial of another account (or a device) is 404. */
    public CertificateRecord revoke(String account, String serial, RevocationReason reason) {
        String normalized = CertificateService.normalizeSerial(serial);
        Optional<String> owner = database.read(h -> new ServiceAccountDao(h).accountOfCertificate(normalized));
        if (owner.isEmpty() || !owner.get().equals(account)) {
            throw new RegistryException(
                    RegistryReason.UNKNOWN_CERTIFICATE,
                    "service account '" + account + "' has no certificate " + normalized);
        }
        return certificates.revoke(normalized, reason);
    }

    /**
     * The service account a TLS-verified client chain authenticates.
     *
     * @throws RegistryException with the reason when the certificate is not an active certificate of an existing account
     */
    public CertificateIdentity authenticate(X509Certificate[] chain) {
        ClientCertificateCheck.Passed passed =
                check.check(chain, CertificateKind.SERVICE, RegistryReason.NOT_A_SERVICE_ACCOUNT_CERTIFICATE);
        String serial = passed.serial();
        String account = database.read(h -> {
            ServiceAccountDao accounts = new ServiceAccountDao(h);
            return accounts.accountOfCertificate(serial)
                    .filter(accounts::exists)
                    .orElse(null);
        });
        if (account == null) {
            throw refused(
                    RegistryReason.SERVICE_ACCOUNT_GONE,
                    "certificate " + serial + " names no existing service account");
        }
        if (!database.read(h -> new ServiceAccountDao(h).enabled(account))) {
            throw refused(RegistryReason.SERVICE_ACCOUNT_DISABLED, "service account '" + account + "' is disabled");
        }
        if (!ClientCertificateCheck.sanUris(passed.leaf()).contains(certificates.serviceAccountArn(account))) {
            throw refused(
                    RegistryReason.CERTIFICATE_UNKNOWN,
                    "certificate " + serial + " does not name service account '" + account + "'");
        }
        return new CertificateIdentity(account, serial, passed.fingerprint());
    }

    private static void requireAccount(ServiceAccountDao accounts, String account) {
        if (!accounts.exists(account)) {
            throw new RegistryException(RegistryReason.UNKNOWN_SERVICE_ACCOUNT, "no service account '" + account + "'");
        }
    }

    private static RegistryException refused(RegistryReason reason, String message) {
        return new RegistryException(reason, message);
    }
}
