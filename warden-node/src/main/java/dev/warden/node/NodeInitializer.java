package dev.warden.node;

import dev.warden.audit.DigestSigner;
import dev.warden.iam.AdminCredentials;
import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.MasterKey;
import dev.warden.kms.node.DefaultKey;
import dev.warden.node.config.WardenConfig;
import dev.warden.node.kms.MasterKeys;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeySource;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.pki.store.CaStore;
import dev.warden.pki.store.PrivateKeyFiles;
import dev.warden.policy.DefaultPolicies;
import dev.warden.storage.Database;
import dev.warden.storage.SecureFiles;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden init}: creates what a node needs before it can serve, and nothing twice. Idempotent: run again, it
 * only fills in what is missing (so the server runs it implicitly on every start).
 */
public final class NodeInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(NodeInitializer.class);
    private static final Duration SERVER_CERT_VALIDITY = Duration.ofDays(90);
    private static final Duration SERVER_CERT_RENEW_BEFORE = Duration.ofDays(30);

    /** What an initialization did. */
    public record Result(
            boolean caCreated,
            boolean credentialCreated,
            boolean serverCertificateIssued,
            boolean defaultKeyCreated,
            List<String> updatedBuiltInPolicies) {}

    private final WardenConfig config;
    private final Clock clock;
    private final SecureRandom random;

    public NodeInitializer(WardenConfig config, Clock clock, SecureRandom random) {
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    /** Opens the key source the configuration names: the HSM when {@code hsm} is set, else software keys. */
    public static KeySource keySource(WardenConfig config) {
        return config.hsm() == null || config.hsm().isBlank()
                ? new SoftwareKeySource()
                : Pkcs11KeySource.open(config.hsm());
    }

    /**
     * Opens the region's KMS master key, creating it on first start (see {@link MasterKeys}); the passphrase comes
     * from the configuration, {@code WARDEN_MASTER_KEY_PASSPHRASE} or the passphrase file generated on first start.
     */
    public MasterKey masterKey() {
        SecureFiles.createPrivateDirectory(config.dataDir());
        return MasterKeys.openOrCreate(config, System.getenv(), random);
    }

    /** Initializes with the master key opened (or created) here; see {@link #initialize(Database, KeySource, MasterKey)}. */
    public Result initialize(Database database, KeySource keys) {
        return initialize(database, keys, masterKey());
    }

    /**
     * Fills in whatever is missing: CA, TLS certificate, audit-signing key, built-in policies and KMS key, credential.
     * Every private key kept under pki/ is sealed under {@code masterKey} ({@link SealedKeyFiles}); plaintext key files
     * of an older node are sealed and removed first.
     */
    public Result initialize(Database database, KeySource keys, MasterKey masterKey) {
        NodeLayout layout = new NodeLayout(config.dataDir());
        SecureFiles.createPrivateDirectory(config.dataDir());
        SecureFiles.createPrivateDirectory(layout.pkiDir());
        // Before any key file is sealed or opened: a master key that does not open the stored KMS hierarchy (e.g. one
        // just generated because the HSM or the key file is missing) must stop the node, not seal keys under it.
        KeyManagementService kms = new KeyManagementService(database, masterKey, config.region(), clock);
        kms.requireMasterKeyOpensHierarchy();
        SealedKeyFiles keyFiles = new SealedKeyFiles(masterKey);
        keyFiles.migrateAll(layout.pkiDir());
        boolean caCreated = false;
        if (!CaStore.exists(layout.pkiDir(), config.region())) {
            CaStore.initialize(layout.pkiDir(), new CaNames(config.region(), config.account()), keys, keyFiles, clock);
            caCreated = true;
            LOG.info("created the CA hierarchy for region {}", config.region());
        }
        CaHierarchy hierarchy =
                CaStore.load(layout.pkiDir(), config.region(), keys instanceof Pkcs11KeySource ? keys : null, keyFiles);
        boolean issued = ensureServerCertificate(layout, hierarchy, keyFiles);
        ensureAuditSigningKey(layout, keys, keyFiles);
        ensureKeyPair(keyFiles, layout.tokenSigningKey(), layout.tokenPublicKey(), "access-token signing");
        List<String> policiesUpdated = ensureBuiltInPolicies(database);
        // No audit trail yet at this point: the key's creation is a setup step, like the CA's.
        boolean defaultKey = DefaultKey.ensure(kms, config.account());
        if (defaultKey) {
            LOG.info("created the built-in KMS key '{}' of region {}", DefaultKey.NAME, config.region());
        }
        boolean credential = new AdminCredentials(database, random, clock).ensureBootstrap(config.dataDir());
        if (credential) {
            LOG.info("bootstrap admin credential written to {} (mode 0600)", layout.adminCredential());
        }
        return new Result(caCreated, credential, issued, defaultKey, policiesUpdated);
    }

    private boolean ensureServerCertificate(NodeLayout layout, CaHierarchy hierarchy, PrivateKeyFiles keyFiles) {
        if (Files.exists(layout.serverCertificate()) && keyFiles.exists(layout.serverKey())) {
            X509Certificate current = Pem.parseCertificate(read(layout.serverCertificate()));
            boolean sameIssuer = current.getIssuerX500Principal()
                    .equals(hierarchy.issuing().certificate().getSubjectX500Principal());
            if (sameIssuer
                    && current.getNotAfter().toInstant().isAfter(clock.instant().plus(SERVER_CERT_RENEW_BEFORE))) {
                return false;
            }
        }
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        List<String> dns = new ArrayList<>(config.hostnames());
        if (!dns.contains("localhost")) {
            dns.add("localhost");
        }
        List<String> ips = List.of("127.0.0.1", "::1");
        X509Certificate cert = new CertificateIssuer(hierarchy.issuing(), random, clock)
                .issueServer("warden-node." + config.region(), dns, ips, key.getPublic(), SERVER_CERT_VALIDITY);
        keyFiles.write(layout.serverKey(), key.getPrivate());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(hierarchy.chain());
        SecureFiles.writePublic(layout.serverCertificate(), Pem.encode(chain));
        LOG.info(
                "issued the node's TLS server certificate (valid until {})",
                cert.getNotAfter().toInstant());
        return true;
    }

    /**
     * The audit-signing key is held like the CA keys: in the HSM when the node has one, else sealed under the KMS
     * master key (never a plaintext file). A node
     * that already signs with a file key keeps it: a new key would leave the digests signed so far unverifiable with
     * the one public key {@code warden audit verify} takes. The public key is always written for offline verification.
     */
    private void ensureAuditSigningKey(NodeLayout layout, KeySource keys, PrivateKeyFiles keyFiles) {
        if (keys instanceof Pkcs11KeySource hsm && !keyFiles.exists(layout.auditSigningKey())) {
            KeyPair pair =
                    hsm.signingKey(auditSigningAlias(config.region()), "Warden audit signing " + config.region());
            String publicPem = Pem.encodePublicKey(pair.getPublic());
            if (!Files.exists(layout.auditPublicKey())
                    || !read(layout.auditPublicKey()).equals(publicPem)) {
                SecureFiles.writePublic(layout.auditPublicKey(), publicPem);
                LOG.info("created the audit-signing key of region {} in {}", config.region(), hsm);
            }
            return;
        }
        ensureKeyPair(keyFiles, layout.auditSigningKey(), layout.auditPublicKey(), "audit-signing");
    }

    static String auditSigningAlias(String region) {
        return "audit-signing-" + region;
    }

    /** The region's audit-digest signer: the file key if there is one, else the HSM's (see ensureAuditSigningKey). */
    public static DigestSigner auditSigner(NodeLayout layout, KeySource keys, PrivateKeyFiles keyFiles, String region) {
        PublicKey publicKey = Pem.parsePublicKey(read(layout.auditPublicKey()));
        if (keyFiles.exists(layout.auditSigningKey())) {
            return new DigestSigner(keyFiles.read(layout.auditSigningKey()), publicKey);
        }
        if (keys instanceof Pkcs11KeySource hsm) {
            return new DigestSigner(hsm.loadPrivateKey(auditSigningAlias(region)), publicKey, hsm.provider());
        }
        throw new PkiException(
                PkiReason.HSM_UNAVAILABLE,
                "the audit-signing key of region " + region + " is in an HSM; start the node with --hsm");
    }

    private void ensureKeyPair(
            PrivateKeyFiles keyFiles, java.nio.file.Path privateFile, java.nio.file.Path publicFile, String what) {
        if (keyFiles.exists(privateFile) && Files.exists(publicFile)) {
            return;
        }
        KeyPair key = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        keyFiles.write(privateFile, key.getPrivate());
        SecureFiles.writePublic(publicFile, Pem.encodePublicKey(key.getPublic()));
        LOG.info("created the {} key of region {}", what, config.region());
    }

    /** Returns the stored built-in policies replaced by this release's (the node then audits each). */
    private List<String> ensureBuiltInPolicies(Database database) {
        Instant now = clock.instant();
        return database.inTransaction(h -> {
            List<String> updated = new ArrayList<>();
            PolicyDao policies = new PolicyDao(h);
            String deviceDefault = DefaultPolicies.deviceDefaultJson(config.region(), config.account());
            var existing = policies.find(DefaultPolicies.DEVICE_DEFAULT_NAME);
            if (existing.isEmpty()) {
                policies.insert(new PolicyRecord(DefaultPolicies.DEVICE_DEFAULT_NAME, deviceDefault, true, now, now));
            } else if (existing.get().builtIn() && !existing.get().document().equals(deviceDefault)) {
                // Built-in policies cannot be edited, so a stored one that differs is an older release's: the gateway
                // no longer binds client IDs to thing names itself, so the old "client/${iot:ClientId}" must go, and
                // releases before device-side metrics lack the thing's own $warden/things/<name>/defender topics.
                policies.updateDocument(DefaultPolicies.DEVICE_DEFAULT_NAME, deviceDefault, now);
                updated.add(DefaultPolicies.DEVICE_DEFAULT_NAME);
                LOG.info(
                        "updated the built-in policy {} to this release's document",
                        DefaultPolicies.DEVICE_DEFAULT_NAME);
            }
            var quarantine = policies.find(DefaultPolicies.QUARANTINE_NAME);
            String quarantineDocument = DefaultPolicies.quarantineJson(config.region(), config.account());
            if (quarantine.isPresent()
                    && quarantine.get().builtIn()
                    && !quarantine.get().document().equals(quarantineDocument)) {
                // Created on first use only; releases before quarantined boot attestation denied those topics, so a
                // thing already in quarantine could not prove a good boot until the next thing was quarantined.
                policies.updateDocument(DefaultPolicies.QUARANTINE_NAME, quarantineDocument, now);
                updated.add(DefaultPolicies.QUARANTINE_NAME);
                LOG.info("updated the built-in policy {} to this release's document", DefaultPolicies.QUARANTINE_NAME);
            }
            if (policies.find(DefaultPolicies.ADMIN_FULL_NAME).isEmpty()) {
                policies.insert(new PolicyRecord(
                        DefaultPolicies.ADMIN_FULL_NAME, DefaultPolicies.adminFullJson(), true, now, now));
            }
            return List.copyOf(updated);
        });
    }

    static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
