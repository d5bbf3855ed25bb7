package dev.warden.registry;

import dev.warden.audit.NodeAudit;
import dev.warden.iam.store.PolicyDao;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrParser;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.OcspResponder;
import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.pki.RevocationReason;
import dev.warden.pki.ValidatedCsr;
import dev.warden.policy.Arn;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageReason;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device identities: issuance only from a CSR (the private key never leaves the device), revocation, activation and
 * the status index that OCSP, the CRL and the gateway read (status changes made by {@link CertificateStatusChanges}). Every write is one transaction: it lands whole or not at
 * all, and the in-memory index changes only after the commit.
 */
public final class CertificateService {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateService.class);

    private final RegistrySettings config;
    private final Database database;
    private final CaHierarchy hierarchy;
    private final CertificateIssuer issuer;
    private final CertificateStatusIndex index;
    private final CrlPublisher crl;
    private final OcspResponder ocsp;
    private final NodeAudit audit;
    private final Clock clock;
    private final String chainPem;
    private final CertificateStatusChanges statusChanges;

    public CertificateService(
            RegistrySettings config,
            Database database,
            CaHierarchy hierarchy,
            CertificateIssuer issuer,
            CertificateStatusIndex index,
            CrlPublisher crl,
            OcspResponder ocsp,
            NodeAudit audit,
            Clock clock) {
        this.config = config;
        this.database = database;
        this.hierarchy = hierarchy;
        this.issuer = issuer;
        this.index = index;
        this.crl = crl;
        this.ocsp = ocsp;
        this.audit = audit;
        this.clock = clock;
        this.chainPem = Pem.encode(hierarchy.chain());
        this.statusChanges = new CertificateStatusChanges(database, this::publish, clock);
    }

    /** Loads every certificate of this region into the index (at start). */
    public void loadIndex() {
        database.read(h -> {
            new CertificateDao(h).forEach(config.region(), index::put);
            return null;
        });
        LOG.info("certificate status index loaded: {} certificates", index.size());
    }

    public String chainPem() {
        return chainPem;
    }

    public CaHierarchy hierarchy() {
        return hierarchy;
    }

    /** The live status of every certificate of this region (what the gateway and OCSP read). */
    public CertificateStatusIndex statusIndex() {
        return index;
    }

    /** The SAN URI that names region and thing: the thing's ARN. */
    public String thingArn(String thingName) {
        return Arn.of("iot", config.region(), config.account(), "thing/" + thingName)
                .toString();
    }

    /** Parses a CSR and checks that its subject, if it names one, is the thing it is issued for. */
    public ValidatedCsr parseCsrFor(byte[] csr, String expectedCommonName) {
        ValidatedCsr parsed = CsrParser.parse(csr);
        if (parsed.commonName() != null && !parsed.commonName().equals(expectedCommonName)) {
            throw new PkiException(
                    PkiReason.CSR_SUBJECT_MISMATCH,
                    "CSR subject CN does not match the name '" + expectedCommonName + "'");
        }
        return parsed;
    }

    /**
     * {@code warden device enroll}: registers a new thing and issues its first certificate in one transaction.
     * A duplicate name is refused with 409 and nothing is written.
     */
    public IssuedCertificate enroll(
            String thingName, byte[] csr, String thingType, Map<String, String> attributes, String policyName) {
        ThingNames.require(thingName);
        ValidatedCsr parsed = parseCsrFor(csr, thingName);
        String policy = policyName == null || policyName.isBlank()
                ? dev.warden.policy.DefaultPolicies.DEVICE_DEFAULT_NAME
                : policyName;
        IssuedCertificate issued = sign(thingName, parsed, CertificateStatus.ACTIVE);
        database.useTransaction(h -> {
            requirePolicy(h, policy);
            registerThing(
                    h, new Thing(thingName, config.region(), config.account(), thingType, attributes, clock.instant()));
            new PolicyDao(h).attachToNewThing(policy, thingName);
            store(h, issued);
        });
        publish(issued.record());
        LOG.info("issued certificate {} for new thing {}", issued.record().serial(), thingName);
        return issued;
    }

    /** Inserts a new thing in the caller's transaction; an existing name is 409 THING_EXISTS. */
    public static void registerThing(Handle h, Thing thing) {
        try {
            new ThingDao(h).insert(thing);
        } catch (StorageException e) {
            if (e.reason() == StorageReason.ALREADY_EXISTS) {
                throw new RegistryException(RegistryReason.THING_EXISTS, "thing '" + thing.name() + "' already exists");
            }
            throw e;
        }
    }

    static void requirePolicy(Handle h, String policy) {
        if (new PolicyDao(h).find(policy).isEmpty()) {
            throw new RegistryException(
                    RegistryReason.UNKNOWN_REQUESTED_POLICY, "policy '" + policy + "' does not exist");
        }
    }

    /**
     * Signs a device certificate for a thing, before the transaction that records it: signing needs no database
     * state (the serial is random), so the write lock is held only for the writes. A certificate whose transaction
     * fails is dropped unseen: it is never stored, published or returned.
     */
    public IssuedCertificate sign(String thingName, ValidatedCsr csr, CertificateStatus status) {
        X509Certificate cert = issuer.issue(new IssueRequest(
                thingName,
                thingArn(thingName),
                csr.publicKey(),
                config.certValidity(),
                config.crlUrl(),
                config.ocspUrl(),
                CertificateProfile.DEVICE));
        return new IssuedCertificate(record(cert, CertificateKind.DEVICE, status, thingName, null), cert, chainPem);
    }

    /** Signs a claim certificate (it can do nothing but provision); record it with {@link #store}. */
    public IssuedCertificate signClaim(String claimName, ValidatedCsr csr) {
        String arn = Arn.of("iot", config.region(), config.account(), "claim/" + claimName)
                .toString();
        X509Certificate cert = issuer.issue(new IssueRequest(
                claimName,
                arn,
                csr.publicKey(),
                config.certValidity(),
                config.crlUrl(),
                config.ocspUrl(),
                CertificateProfile.CLAIM));
        return new IssuedCertificate(
                record(cert, CertificateKind.CLAIM, CertificateStatus.ACTIVE, null, claimName), cert, chainPem);
    }

    /** Records a signed certificate inside the caller's transaction; {@link #publish} it after commit. */
    public static void store(Handle h, IssuedCertificate issued) {
        new CertificateDao(h).insert(issued.record());
    }

    /**
     * Signs a service account's client certificate (OU=service, SAN URI = the account's IAM ARN, clientAuth); record
     * it with {@link #store}. Its SAN can never name a thing, and the gateway refuses its kind.
     */
    public IssuedCertificate signServiceAccount(String account, ValidatedCsr csr) {
        return signPrincipal(
                account, serviceAccountArn(account), csr, CertificateProfile.SERVICE, CertificateKind.SERVICE);
    }

    /** A service account's IAM ARN, which is also the SAN URI of its certificates. */
    public String serviceAccountArn(String account) {
        return Arn.of("iam", "", config.account(), "service/" + account).toString();
    }

    /**
     * Signs a user's client certificate for the console (OU=user, SAN URI = the user's IAM ARN, clientAuth); record
     * it with {@link #store}. The gateway refuses its kind, and so does the admin API's service-account check.
     */
    public IssuedCertificate signUser(String user, ValidatedCsr csr) {
        return signPrincipal(user, userArn(user), csr, CertificateProfile.USER, CertificateKind.USER);
    }

    /** A user's IAM ARN, which is also the SAN URI of their certificates. */
    public String userArn(String user) {
        return Arn.of("iam", "", config.account(), "user/" + user).toString();
    }

    private IssuedCertificate signPrincipal(
            String name, String arn, ValidatedCsr csr, CertificateProfile profile, CertificateKind kind) {
        X509Certificate cert = issuer.issue(new IssueRequest(
                name, arn, csr.publicKey(), config.certValidity(), config.crlUrl(), config.ocspUrl(), profile));
        // The record's CN is the name as given: a DN string would escape characters such as ',' and '+'.
        CertificateRecord record = record(cert, kind, CertificateStatus.ACTIVE, null, null, name);
        return new IssuedCertificate(record, cert, chainPem);
    }

    /** Registers a certificate issued elsewhere (JITP: signed by a manufacturer CA), inside the caller's transaction. */
    public CertificateRecord registerExternalInTransaction(
            Handle h, X509Certificate cert, String thingName, CertificateStatus status) {
        CertificateRecord record = record(cert, CertificateKind.DEVICE, status, thingName, null);
        new CertificateDao(h).insert(record);
        return record;
    }

    private CertificateRecord record(
            X509Certificate cert, CertificateKind kind, CertificateStatus status, String thing, String claim) {
        return record(cert, kind, status, thing, claim, commonName(cert));
    }

    private CertificateRecord record(
            X509Certificate cert,
            CertificateKind kind,
            CertificateStatus status,
            String thing,
            String claim,
            String cn) {
        Instant now = clock.instant();
        return new CertificateRecord(
                cert.getSerialNumber().toString(16),
                Fingerprints.sha256Hex(cert),
                config.region(),
                kind,
                cn,
                status,
                thing,
                claim,
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                Pem.encode(cert),
                now,
                now,
                null,
                null,
                null,
                null);
    }

    /** The subject CN of a certificate, or an empty string. */
    public static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    /** Makes a committed change visible: index (and its listeners), OCSP cache, and the CRL when revocation changed. */
    public void publish(CertificateRecord record) {
        index.put(record);
        audit.record(audit.event(actionFor(record))
                .resource(certificateArn(record))
                .detail("serial", record.serial())
                .detail("kind", record.kind())
                .detail("status", record.status())
                .detail("thing", record.thingName())
                .detail("reason", record.revocationReason()));
        ocsp.invalidate(new BigInteger(record.serial(), 16));
        if (record.status() == CertificateStatus.REVOKED) {
            crl.publishFor(crl.changed());
        }
    }

    private static String actionFor(CertificateRecord record) {
        return switch (record.status()) {
            case REVOKED -> "pki:RevokeCertificate";
            case INACTIVE -> "pki:DeactivateCertificate";
            case ACTIVE, PENDING_ACTIVATION ->
                record.createdAt().equals(record.statusChangedAt())
                        ? "pki:IssueCertificate"
                        : "pki:ActivateCertificate";
        };
    }

    private String certificateArn(CertificateRecord record) {
        return Arn.of("iot", config.region(), config.account(), "cert/" + record.serial())
                .toString();
    }

    public Optional<CertificateRecord> find(String serial) {
        String normalized = normalizeSerial(serial);
        return database.read(h -> new CertificateDao(h).find(normalized));
    }

    public List<CertificateRecord> list(int limit, String after) {
        return database.read(h -> new CertificateDao(h).list(limit, after));
    }

    /** Revokes one certificate. Unknown serial: 404; already revoked: 409 (REVOKED is terminal). */
    public CertificateRecord revoke(String serial, RevocationReason reason) {
        return statusChanges.revoke(serial, reason);
    }

    /** Revokes every certificate attached to a thing that is not revoked yet. */
    public List<CertificateRecord> revokeThing(String thingName, RevocationReason reason) {
        return statusChanges.revokeThing(thingName, reason);
    }

    /**
     * Deactivates every ACTIVE certificate of a thing in one transaction (reversible, unlike {@link #revokeThing}):
     * its live sessions are cut through the status index's listeners and it cannot connect until one is activated
     * again. Returns the certificates it deactivated.
     */
    public List<CertificateRecord> deactivateThing(String thingName) {
        return statusChanges.deactivateThing(thingName);
    }

    /** ACTIVE or INACTIVE; a revoked certificate cannot change status. */
    public CertificateRecord setStatus(String serial, CertificateStatus status) {
        return statusChanges.setStatus(serial, status);
    }

    /** Ends the overlap of rotated certificates whose time has come (run on a schedule). */
    public int deactivateDue() {
        return statusChanges.deactivateDue();
    }

    /** Deletes a thing: its certificates are revoked (cessationOfOperation) first, so no identity outlives it. */
    public void deleteThing(String thingName) {
        revokeThing(thingName, RevocationReason.CESSATION_OF_OPERATION);
        database.useTransaction(h -> {
            new PolicyDao(h).detachAllFromThing(thingName);
            new ThingDao(h).delete(thingName);
        });
    }

    /** Serials are accepted in hex with or without colons, any case, and stored as lowercase hex without leading zeros. */
    public static String normalizeSerial(String serial) {
        String hex = serial == null ? "" : serial.replace(":", "").trim();
        if (hex.isEmpty() || hex.length() > 64 || !hex.matches("[0-9A-Fa-f]+")) {
            throw new RegistryException(
                    RegistryReason.INVALID_SERIAL, "serial must be a hexadecimal certificate serial number");
        }
        return new BigInteger(hex, 16).toString(16);
    }
}
