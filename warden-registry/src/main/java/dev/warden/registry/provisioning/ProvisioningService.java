package dev.warden.registry.provisioning;

import dev.warden.iam.AdminCredentials;
import dev.warden.iam.store.PolicyDao;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.ValidatedCsr;
import dev.warden.registry.CertificateService;
import dev.warden.registry.IssuedCertificate;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.RegistrySettings;
import dev.warden.registry.ThingNames;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Claim;
import dev.warden.registry.store.ClaimDao;
import dev.warden.registry.store.ProvisioningTemplate;
import dev.warden.registry.store.TemplateDao;
import dev.warden.registry.store.Thing;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet provisioning: templates, claims (claim certificates and enrollment tokens), provisioning by claim and
 * device-initiated rotation. A claim can do nothing except exchange a CSR for a unique certificate through its
 * template; every check fails closed.
 */
public final class ProvisioningService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);
    private static final String TOKEN_PREFIX = "wdn_enroll_";

    private final RegistrySettings config;
    private final Database database;
    private final CertificateService certificates;
    private final PreProvisioningHook hook;
    private final SecureRandom random;
    private final Clock clock;

    public ProvisioningService(
            RegistrySettings config,
            Database database,
            CertificateService certificates,
            PreProvisioningHook hook,
            SecureRandom random,
            Clock clock) {
        this.config = config;
        this.database = database;
        this.certificates = certificates;
        this.hook = hook;
        this.random = random;
        this.clock = clock;
    }

    /** How a device proves its right to provision. */
    public sealed interface Credential {
        /** A claim certificate presented over mTLS. */
        record ClaimCertificate(X509Certificate certificate) implements Credential {}

        /** An enrollment token sent as a header. */
        record EnrollmentToken(String token) implements Credential {}
    }

    /** A new enrollment token, shown once. */
    public record CreatedClaim(Claim claim, String token, IssuedCertificate certificate) {}

    public ProvisioningTemplate createTemplate(ProvisioningTemplate template) {
        if (template.name() == null || !template.name().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new RegistryException(
                    RegistryReason.INVALID_TEMPLATE_NAME, "template name must be 1-64 of A-Z a-z 0-9 _ - .");
        }
        if (template.namePattern().isBlank() || template.namePattern().length() > 128) {
            throw new RegistryException(RegistryReason.INVALID_TEMPLATE, "namePattern must be 1-128 characters");
        }
        if (template.hookType() == ProvisioningTemplate.HookType.WEBHOOK
                && !template.hookConfig().matches("https?://.+")) {
            throw new RegistryException(RegistryReason.INVALID_TEMPLATE, "webhook hook needs an http(s) URL");
        }
        database.useTransaction(h -> {
            requirePolicy(h, template.policyName());
            new TemplateDao(h).insert(template);
        });
        LOG.info("provisioning template {} created", template.name());
        return template;
    }

    private static void requirePolicy(org.jdbi.v3.core.Handle h, String policy) {
        if (new PolicyDao(h).find(policy).isEmpty()) {
            throw new RegistryException(
                    RegistryReason.UNKNOWN_REQUESTED_POLICY, "policy '" + policy + "' does not exist");
        }
    }

    public List<ProvisioningTemplate> templates() {
        return database.read(h -> new TemplateDao(h).list());
    }

    public ProvisioningTemplate template(String name) {
        return database.read(h -> new TemplateDao(h).find(name))
                .orElseThrow(() ->
                        new RegistryException(RegistryReason.UNKNOWN_TEMPLATE, "no template named '" + name + "'"));
    }

    public void deleteTemplate(String name) {
        if (!database.inTransaction(h -> new TemplateDao(h).delete(name))) {
            throw new RegistryException(RegistryReason.UNKNOWN_TEMPLATE, "no template named '" + name + "'");
        }
    }

    /**
     * Creates a claim bound to one template: a claim certificate from the caller's CSR, or an enrollment token
     * (single-use when maxUses is 1) that is returned once and stored only hashed.
     */
    public CreatedClaim createClaim(
            String name, String templateName, Claim.Kind kind, byte[] csr, Integer maxUses, Duration expiresIn) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new RegistryException(
                    RegistryReason.INVALID_CLAIM_NAME, "claim name must be 1-64 of A-Z a-z 0-9 _ - .");
        }
        if (maxUses != null && maxUses < 1) {
            throw new RegistryException(RegistryReason.INVALID_CLAIM, "maxUses must be at least 1");
        }
        Instant now = clock.instant();
        Instant expires = expiresIn == null ? null : now.plus(expiresIn);
        if (kind == Claim.Kind.TOKEN) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String token =
                    TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Claim claim = new Claim(
                    name,
                    kind,
                    templateName,
                    Claim.Status.ACTIVE,
                    AdminCredentials.hash(token),
                    maxUses,
                    0,
                    expires,
                    now);
            database.useTransaction(h -> {
                requireTemplate(h, templateName);
                new ClaimDao(h).insert(claim);
            });
            LOG.info("enrollment token claim {} created for template {}", name, templateName);
            return new CreatedClaim(claim, token, null);
        }
        if (csr == null) {
            throw new RegistryException(RegistryReason.CSR_MISSING, "a claim certificate is issued from a CSR");
        }
        ValidatedCsr parsed = certificates.parseCsrFor(csr, name);
        Claim claim = new Claim(name, kind, templateName, Claim.Status.ACTIVE, null, maxUses, 0, expires, now);
        IssuedCertificate issued = certificates.signClaim(name, parsed);
        database.useTransaction(h -> {
            requireTemplate(h, templateName);
            new ClaimDao(h).insert(claim);
            CertificateService.store(h, issued);
        });
        certificates.publish(issued.record());
        LOG.info(
                "claim certificate {} issued for claim {} (template {})",
                issued.record().serial(),
                name,
                templateName);
        return new CreatedClaim(claim, null, issued);
    }

    private static ProvisioningTemplate requireTemplate(org.jdbi.v3.core.Handle h, String templateName) {
        return new TemplateDao(h)
                .find(templateName)
                .orElseThrow(() -> new RegistryException(
                        RegistryReason.UNKNOWN_TEMPLATE, "no template named '" + templateName + "'"));
    }

    public List<Claim> claims() {
        return database.read(h -> new ClaimDao(h).list());
    }

    /** Stops new registrations through this claim; devices already provisioned keep their identities. */
    public void deactivateClaim(String name) {
        if (!database.inTransaction(h -> new ClaimDao(h).setStatus(name, Claim.Status.INACTIVE))) {
            throw new RegistryException(RegistryReason.UNKNOWN_CLAIM, "no claim named '" + name + "'");
        }
        LOG.info("claim {} deactivated", name);
    }

    /**
     * Provisioning by claim: the credential must be a usable claim bound to {@code templateName}; the thing name must
     * match the template's pattern, the node's region must be allowed, and the pre-provisioning hook must approve.
     * Thing, certificate, policy attachment and the claim's use count land in one transaction.
     */
    public IssuedCertificate provision(
            Credential credential, String templateName, byte[] csr, Map<String, String> parameters) {
        Claim claim = resolveClaim(credential);
        if (!claim.templateName().equals(templateName)) {
            throw new RegistryException(
                    RegistryReason.CLAIM_TEMPLATE_MISMATCH,
                    "this claim cannot provision through template '" + templateName + "'");
        }
        ProvisioningTemplate template = template(templateName);
        if (!template.enabled()) {
            throw new RegistryException(
                    RegistryReason.TEMPLATE_DISABLED, "template '" + templateName + "' is disabled");
        }
        if (!template.allowedRegions().isEmpty() && !template.allowedRegions().contains(config.region())) {
            throw new RegistryException(
                    RegistryReason.REGION_NOT_ALLOWED,
                    "template '" + templateName + "' does not allow region " + config.region());
        }
        String thingName = ThingNames.require(parameters.get("ThingName"));
        if (!ThingNames.matchesPattern(thingName, template.namePattern())) {
            throw new RegistryException(
                    RegistryReason.THING_NAME_NOT_ALLOWED,
                    "thing name '" + thingName + "' does not match the template pattern '" + template.namePattern()
                            + "'");
        }
        ValidatedCsr parsed = certificates.parseCsrFor(csr, thingName);
        hook.approve(template, thingName, parameters);
        IssuedCertificate issued = certificates.sign(thingName, parsed, template.initialStatus());
        database.useTransaction(h -> {
            if (!new ClaimDao(h).consumeUse(claim.name(), clock.instant().toEpochMilli())) {
                throw new RegistryException(
                        RegistryReason.CLAIM_EXHAUSTED, "the claim is inactive, expired or used up");
            }
            requirePolicy(h, template.policyName());
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
            CertificateService.store(h, issued);
        });
        certificates.publish(issued.record());
        LOG.info("provisioned thing {} through template {} with claim {}", thingName, templateName, claim.name());
        return issued;
    }

    private Claim resolveClaim(Credential credential) {
        Instant now = clock.instant();
        Claim claim;
        if (credential instanceof Credential.EnrollmentToken token) {
            if (token.token() == null
                    || !token.token().startsWith(TOKEN_PREFIX)
                    || token.token().length() > 128) {
                throw new RegistryException(RegistryReason.UNAUTHENTICATED, "invalid enrollment token");
            }
            String hash = AdminCredentials.hash(token.token());
            claim = database.read(h -> new ClaimDao(h).findByTokenHash(hash))
                    .orElseThrow(
                            () -> new RegistryException(RegistryReason.UNAUTHENTICATED, "invalid enrollment token"));
        } else if (credential instanceof Credential.ClaimCertificate cert) {
            String fingerprint = Fingerprints.sha256Hex(cert.certificate());
            CertificateRecord record = database.read(h -> new CertificateDao(h).findByFingerprint(fingerprint))
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.UNAUTHENTICATED,
                            "the client certificate is not a registered claim certificate"));
            if (record.kind() != CertificateKind.CLAIM || record.status() != CertificateStatus.ACTIVE) {
                throw new RegistryException(
                        RegistryReason.NOT_A_CLAIM, "the client certificate is not an active claim certificate");
            }
            claim = database.read(h -> new ClaimDao(h).find(record.claimName()))
                    .orElseThrow(() -> new RegistryException(
                            RegistryReason.NOT_A_CLAIM, "the claim of this certificate no longer exists"));
        } else {
            throw new RegistryException(
                    RegistryReason.UNAUTHENTICATED, "provisioning needs a claim certificate or an enrollment token");
        }
        if (!claim.usableAt(now)) {
            throw new RegistryException(RegistryReason.CLAIM_INACTIVE, "the claim is inactive, expired or used up");
        }
        return claim;
    }

    /**
     * Device-initiated rotation over mTLS: the presented certificate must be an ACTIVE device certificate of a thing;
     * the new certificate comes from a new CSR (a new key), and the old one stays ACTIVE for the configured overlap.
     */
    public IssuedCertificate rotate(X509Certificate presented, byte[] csr) {
        String fingerprint = Fingerprints.sha256Hex(presented);
        CertificateRecord current = database.read(h -> new CertificateDao(h).findByFingerprint(fingerprint))
                .orElseThrow(() -> new RegistryException(
                        RegistryReason.UNAUTHENTICATED, "the client certificate is not registered"));
        if (current.kind() != CertificateKind.DEVICE || current.thingName() == null) {
            throw new RegistryException(
                    RegistryReason.NOT_A_DEVICE, "only a device certificate attached to a thing can rotate");
        }
        if (current.status() != CertificateStatus.ACTIVE) {
            throw new RegistryException(
                    RegistryReason.CERTIFICATE_NOT_ACTIVE, "the client certificate is " + current.status());
        }
        ValidatedCsr parsed = certificates.parseCsrFor(csr, current.thingName());
        if (java.util.Arrays.equals(
                parsed.publicKey().getEncoded(), presented.getPublicKey().getEncoded())) {
            throw new RegistryException(
                    RegistryReason.KEY_REUSED, "rotation needs a new key pair, not the current one");
        }
        Instant deactivateAt = clock.instant().plus(config.rotationOverlap());
        IssuedCertificate issued = certificates.sign(current.thingName(), parsed, CertificateStatus.ACTIVE);
        database.useTransaction(h -> {
            CertificateService.store(h, issued);
            new CertificateDao(h)
                    .scheduleDeactivation(
                            current.serial(), deactivateAt, issued.record().serial());
        });
        certificates.publish(issued.record());
        if (config.rotationOverlap().isZero()) {
            certificates.deactivateDue();
        }
        LOG.info(
                "rotated thing {}: {} replaces {} (overlap until {})",
                current.thingName(),
                issued.record().serial(),
                current.serial(),
                deactivateAt);
        return issued;
    }
}
