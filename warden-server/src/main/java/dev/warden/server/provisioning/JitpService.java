package dev.warden.server.provisioning;

import dev.warden.pki.Fingerprints;
import dev.warden.pki.Pem;
import dev.warden.server.api.ApiException;
import dev.warden.server.config.WardenConfig;
import dev.warden.server.pki.CertificateService;
import dev.warden.server.pki.ThingNames;
import dev.warden.server.tls.ClientTrust;
import dev.warden.storage.Database;
import dev.warden.storage.registry.CertificateDao;
import dev.warden.storage.registry.CertificateRecord;
import dev.warden.storage.registry.ManufacturerCa;
import dev.warden.storage.registry.ManufacturerCaDao;
import dev.warden.storage.registry.PolicyDao;
import dev.warden.storage.registry.ProvisioningTemplate;
import dev.warden.storage.registry.TemplateDao;
import dev.warden.storage.registry.Thing;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Just-in-time provisioning: a device maker registers its CA with a template; the first time a device certificate
 * signed by it is presented, the thing is registered (PENDING_ACTIVATION or ACTIVE per the template). The certificate
 * is never re-issued: the device keeps the identity its maker gave it.
 */
public final class JitpService {
    private static final Logger LOG = LoggerFactory.getLogger(JitpService.class);

    private final WardenConfig config;
    private final Database database;
    private final CertificateService certificates;
    private final ClientTrust clientTrust;
    private final Clock clock;

    public JitpService(WardenConfig config, Database database, CertificateService certificates, ClientTrust clientTrust,
                       Clock clock) {
        this.config = config;
        this.database = database;
        this.certificates = certificates;
        this.clientTrust = clientTrust;
        this.clock = clock;
    }

    /** Loads the registered CAs into the TLS trust (at start). */
    public void loadTrust() {
        clientTrust.setManufacturerCas(activeCas());
    }

    private List<X509Certificate> activeCas() {
        return database.read(h -> new ManufacturerCaDao(h).list()).stream()
                .filter(ManufacturerCa::active)
                .map(ca -> Pem.parseCertificate(ca.pem()))
                .toList();
    }

    /** Registers a manufacturer CA: it must be a CA certificate, valid now, bound to an existing template. */
    public ManufacturerCa register(String pem, String templateName) {
        X509Certificate ca;
        try {
            ca = Pem.parseCertificate(pem);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("INVALID_CA_CERTIFICATE", "not a PEM X.509 certificate");
        }
        if (ca.getBasicConstraints() < 0) {
            throw ApiException.badRequest("INVALID_CA_CERTIFICATE", "the certificate is not a CA (basicConstraints)");
        }
        try {
            ca.checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateException e) {
            throw ApiException.badRequest("INVALID_CA_CERTIFICATE", "the CA certificate is expired or not yet valid");
        }
        ManufacturerCa record = new ManufacturerCa(Fingerprints.sha256Hex(ca), ca.getSubjectX500Principal().getName(),
                Pem.encode(ca), templateName, "ACTIVE", clock.instant());
        database.useTransaction(h -> {
            if (new TemplateDao(h).find(templateName).isEmpty()) {
                throw ApiException.notFound("UNKNOWN_TEMPLATE", "no template named '" + templateName + "'");
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
            throw ApiException.unauthorized("JITP needs a client certificate");
        }
        X509Certificate leaf = chain[0];
        Optional<CertificateRecord> known = database.read(h -> new CertificateDao(h).findByFingerprint(Fingerprints.sha256Hex(leaf)));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            clientTrust.validate(chain);
        } catch (CertificateException e) {
            throw ApiException.forbidden("UNTRUSTED_CERTIFICATE", "the certificate chain does not end at a registered CA");
        }
        ManufacturerCa ca = database.read(h -> new ManufacturerCaDao(h).list()).stream()
                .filter(ManufacturerCa::active)
                .filter(c -> signedBy(chain, Pem.parseCertificate(c.pem())))
                .findFirst()
                .orElseThrow(() -> ApiException.forbidden("NOT_A_MANUFACTURER_CERTIFICATE",
                        "the certificate is not signed by a registered manufacturer CA"));
        String thingName = ThingNames.require(CertificateService.commonName(leaf));
        CertificateRecord record = database.inTransaction(h -> {
            ProvisioningTemplate template = new TemplateDao(h).find(ca.templateName()).orElseThrow(
                    () -> ApiException.forbidden("UNKNOWN_TEMPLATE", "the manufacturer CA's template no longer exists"));
            if (!template.enabled() || !ThingNames.matchesPattern(thingName, template.namePattern())) {
                throw ApiException.forbidden("THING_NAME_NOT_ALLOWED", "the template does not allow thing '" + thingName + "'");
            }
            CertificateService.registerThing(h, new Thing(thingName, config.region(), config.account(), template.thingType(),
                    template.attributes(), clock.instant()));
            new PolicyDao(h).attachToNewThing(template.policyName(), thingName);
            return certificates.registerExternalInTransaction(h, leaf, thingName, template.initialStatus());
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
