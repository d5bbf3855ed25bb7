package dev.warden.registry.provisioning;

import dev.warden.iam.store.PolicyDao;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.registry.CertificateService;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.RegistrySettings;
import dev.warden.registry.ThingNames;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.ManufacturerCa;
import dev.warden.registry.store.ManufacturerCaDao;
import dev.warden.registry.store.ProvisioningTemplate;
import dev.warden.registry.store.TemplateDao;
import dev.warden.registry.store.Thing;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.storage.Database;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Just-in-time provisioning: a device maker registers its CA with a template; the first time a device certificate
 * signed by it is presented, the thing is registered (PENDING_ACTIVATION or ACTIVE per the template). The certificate
 * is never re-issued: the device keeps the identity its maker gave it.
 *
 * <p>A CA whose key is compromised is deactivated: it registers no more devices, and the TLS handshake lets a chain
 * ending at it through only for a certificate the registry already holds, so its existing devices stay connected
 * (quarantining them is a separate decision) while anything newly signed with its key is refused. Which CA registered
 * each certificate is recorded, so that its things can be listed.
 */
public final class JitpService {
    private static final Logger LOG = LoggerFactory.getLogger(JitpService.class);

    private final RegistrySettings config;
    private final Database database;
    private final CertificateService certificates;
    private final ClientTrust clientTrust;
    private final Clock clock;

    public JitpService(
            RegistrySettings config,
            Database database,
            CertificateService certificates,
            ClientTrust clientTrust,
            Clock clock) {
        this.config = config;
        this.database = database;
        this.certificates = certificates;
        this.clientTrust = clientTrust;
        this.clock = clock;
    }

    /** The status of a CA that registers no more devices. */
    public static final String INACTIVE = "INACTIVE";

    /** Loads the registered CAs into the TLS trust (at start, and after every change). */
    public void loadTrust() {
        List<ManufacturerCa> all = database.read(h -> new ManufacturerCaDao(h).list());
        clientTrust.setManufacturerCas(certificates(all, true), certificates(all, false), this::registered);
    }

    private static List<X509Certificate> certificates(List<ManufacturerCa> cas, boolean active) {
        return cas.stream()
                .filter(ca -> ca.active() == active)
                .map(ca -> Pem.parseCertificate(ca.pem()))
                .toList();
    }

    private boolean registered(X509Certificate leaf) {
        String fingerprint = Fingerprints.sha256Hex(leaf);
        return database.read(h -> new CertificateDao(h).findByFingerprint(fingerprint))
                .isPresent();
    }

    /**
     * Deactivates a CA (by SHA-256 fingerprint): it registers no more devices and new chains to it fail the TLS
     * handshake; returns false when it was inactive already.
     */
    public boolean deactivate(String fingerprint) {
        String fp = normalize(fingerprint);
        boolean changed = database.inTransaction(h -> {
            ManufacturerCaDao cas = new ManufacturerCaDao(h);
            return require(cas, fp).active() && cas.setStatus(fp, INACTIVE);
        });
        // Reloaded even when nothing changed: the trust must follow the registry, whatever happened before.
        loadTrust();
        if (changed) {
            LOG.info("manufacturer CA {} deactivated", fp);
        }
        return changed;
    }

    /**
     * The things the CA registered: those recorded at registration, and for certificates registered before that
     * was recorded, the device certificates the CA signed directly.
     */
    public List<String> registeredThings(String fingerprint) {
        String fp = normalize(fingerprint);
        return database.read(h -> {
            ManufacturerCaDao cas = new ManufacturerCaDao(h);
            X509Certificate ca = Pem.parseCertificate(require(cas, fp).pem());
            Set<String> things = new TreeSet<>(cas.registeredThings(fp));
            Set<String> recorded = cas.recordedSerials();
            new CertificateDao(h).forEach(config.region(), c -> {
                if (c.kind() == CertificateKind.DEVICE
                        && c.thingName() != null
                        && !recorded.contains(c.serial())
                        && issuedBy(c.pem(), ca)) {
                    things.add(c.thingName());
                }
            });
            return List.copyOf(things);
        });
    }

    private static boolean issuedBy(String pem, X509Certificate ca) {
        try {
            X509Certificate cert = Pem.parseCertificate(pem);
            if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                return false;
            }
            cert.verify(ca.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static ManufacturerCa require(ManufacturerCaDao cas, String fingerprint) {
        return cas.find(fingerprint)
                .orElseThrow(() -> new RegistryException(
                        RegistryReason.UNKNOWN_MANUFACTURER_CA, "no manufacturer CA with fingerprint " + fingerprint));
    }

    private static String normalize(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }

    /** Registers a manufacturer CA: it must be a CA certificate, valid now, bound to an existing template. */
    public ManufacturerCa register(String pem, String templateName) {
        X509Certificate ca;
        try {
            ca = Pem.parseCertificate(pem);
        } catch (RuntimeException e) {
            throw new RegistryException(RegistryReason.INVALID_CA_CERTIFICATE, "not a PEM X.509 certificate");
        }
        if (ca.getBasicConstraints() < 0) {
            throw new RegistryException(
                    RegistryReason.INVALID_CA_CERTIFICATE, "the certificate is not a CA (basicConstraints)");
        }
        try {
            ca.checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateException e) {
            throw new RegistryException(
                    RegistryReason.INVALID_CA_CERTIFICATE, "the CA certificate is expired or not yet valid");
        }
        ManufacturerCa record = new ManufacturerCa(
                Fingerprints.sha256Hex(ca),
                ca.getSubjectX500Principal().getName(),
                Pem.encode(ca),
                templateName,
                "ACTIVE",
                clock.instant());
        database.useTransaction(h -> {
            if (new TemplateDao(h).find(templateName).isEmpty()) {
                throw new RegistryException(
                        RegistryReason.UNKNOWN_TEMPLATE, "no template named '" + templateName + "'");
            }
            new ManufacturerCaDao(h).insert(record);
        });
        loadTrust();
        LOG.info("manufacturer CA {} registered for template {}", record.subject(), templateName);
        return record;
    }

    public List<ManufacturerCa> list() {
        return database.read(h -> new ManufacturerCaDao(h).list());
    }

    /**
     * Registers the thing of a manufacturer-signed certificate on first presentation; returns the existing record
     * when the certificate is already known.
     */
    public CertificateRecord registerOnFirstUse(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new RegistryException(RegistryReason.UNAUTHENTICATED, "JITP needs a client certificate");
        }
        X509Certificate leaf = chain[0];
        Optional<CertificateRecord> known =
                database.read(h -> new CertificateDao(h).findByFingerprint(Fingerprints.sha256Hex(leaf)));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            clientTrust.validate(chain);
        } catch (CertificateException e) {
            throw new RegistryException(
                    RegistryReason.UNTRUSTED_CERTIFICATE, "the certificate chain does not end at a registered CA");
        }
        ManufacturerCa ca = database.read(h -> new ManufacturerCaDao(h).list()).stream()
                .filter(ManufacturerCa::active)
                .filter(c -> signedBy(chain, Pem.parseCertificate(c.pem())))
                .findFirst()
                .orElseThrow(() -> new RegistryException(
                        RegistryReason.NOT_A_MANUFACTURER_CERTIFICATE,
                        "the certificate is not signed by a registered manufacturer CA"));
        String thingName = ThingNames.require(CertificateService.commonName(leaf));
        CertificateRecord record = database.inTransaction(h -> {
            ManufacturerCaDao cas = new ManufacturerCaDao(h);
            if (!cas.find(ca.fingerprint()).map(ManufacturerCa::active).orElse(false)) {
                // Deactivated since it was read: fail closed.
                throw new RegistryException(
                        RegistryReason.NOT_A_MANUFACTURER_CERTIFICATE,
                        "the certificate is not signed by a registered manufacturer CA");
            }
            ProvisioningTemplate template = new TemplateDao(h)
                    .find(ca.templateName())
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.TEMPLATE_GONE, "the manufacturer CA's template no longer exists"));
            if (!template.enabled() || !ThingNames.matchesPattern(thingName, template.namePattern())) {
                throw new RegistryException(
                        RegistryReason.THING_NAME_REFUSED, "the template does not allow thing '" + thingName + "'");
            }
            CertificateService.registerThing(
                    h,
                    new Thing(
                            thingName,
                            config.region(),
                            config.account(),
                            template.thingType(),
                            template.attributes(),
                            clock.instant()));
            new PolicyDao(h).attachToNewThing(template.policyName(), thingName);
            CertificateRecord registered =
                    certificates.registerExternalInTransaction(h, leaf, thingName, template.initialStatus());
            cas.recordRegistration(registered.serial(), ca.fingerprint(), thingName, clock.instant());
            return registered;
        });
        certificates.publish(record);
        LOG.info("JITP registered thing {} ({}) from manufacturer CA {}", thingName, record.status(), ca.subject());
        return record;
    }

    private static boolean signedBy(X509Certificate[] chain, X509Certificate ca) {
        for (X509Certificate c : chain) {
            try {
                c.verify(ca.getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException e) {
                // not this one
            }
        }
        return false;
    }
}
