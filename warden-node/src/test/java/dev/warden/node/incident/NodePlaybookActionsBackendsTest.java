package dev.warden.node.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.store.AuditStore;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.IamException;
import dev.warden.iam.IamReason;
import dev.warden.iam.PasswordHasher;
import dev.warden.iam.PrincipalStatus;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.iam.store.UserDao;
import dev.warden.incident.playbook.PlaybookContext;
import dev.warden.incident.playbook.PlaybookLibrary;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.PlaybookTimeline;
import dev.warden.incident.playbook.RunView;
import dev.warden.incident.playbook.Selector;
import dev.warden.incident.playbook.StepState;
import dev.warden.incident.playbook.TargetArns;
import dev.warden.node.monitor.NodeMitigationTargets;
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
import dev.warden.registry.PolicyService;
import dev.warden.registry.Quarantine;
import dev.warden.registry.RegistryException;
import dev.warden.registry.RegistryReason;
import dev.warden.registry.RegistrySettings;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.provisioning.JitpService;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.ManufacturerCaDao;
import dev.warden.registry.store.ProvisioningTemplate;
import dev.warden.registry.store.TemplateDao;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.registry.tls.ClientTrust;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stolen-credential, rogue-CA and permissive-policy playbooks against the real IAM and registry services: what
 * they change is checked where it matters (a token refused, a handshake refused, the document in force).
 */
class NodePlaybookActionsBackendsTest {
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "default";
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    /** Cheap Argon2id parameters: the test is about who is let in, not about the hash's cost. */
    private static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);

    private static final CaHierarchy WARDEN =
            CaHierarchyBuilder.create(new CaNames(REGION, ACCOUNT), new SoftwareKeySource(), Clock.systemUTC());
    private static final CaHierarchy MAKER =
            CaHierarchyBuilder.create(new CaNames(REGION, "maker"), new SoftwareKeySource(), Clock.systemUTC());

    @TempDir
    Path dir;

    private Database database;
    private TokenService tokens;
    private UserService users;
    private ServiceAccounts services;
    private ClientTrust trust;
    private JitpService jitp;
    private PolicyService policies;
    private PlaybookRunner runner;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(null, dir);
        Clock clock = Clock.systemUTC();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair signing = generator.generateKeyPair();
        tokens = new TokenService(
                (ECPrivateKey) signing.getPrivate(),
                (ECPublicKey) signing.getPublic(),
                "warden:" + REGION + ":" + ACCOUNT,
                clock,
                TokenService.DEFAULT_TTL);
        users = new UserService(database, null, null, tokens, FAST, "Warden test", clock);
        services = new ServiceAccounts(database, clock);
        trust = new ClientTrust(
                WARDEN.root().certificate(), List.of(WARDEN.issuing().certificate()), clock);
        RegistrySettings settings =
                new RegistrySettings(REGION, ACCOUNT, Duration.ofDays(365), null, null, Duration.ofDays(1));
        // JITP registration itself is not exercised here (it needs the whole certificate service): only its refusal.
        jitp = new JitpService(settings, database, null, trust, clock);
        ThingPolicyCache cache = new ThingPolicyCache(database, REGION, ACCOUNT);
        policies = new PolicyService(database, cache, new AdminAuthorizer(database, clock), clock);
        Quarantine quarantine = new Quarantine(database, cache, REGION, ACCOUNT, clock);
        NodePlaybookActions actions = new NodePlaybookActions(
                new NodeMitigationTargets(quarantine, null, null, () -> null, null),
                null,
                null,
                new AuditStore(database),
                null,
                new PlaybookBackends(users, services, jitp, policies),
                REGION,
                ACCOUNT,
                clock);
        runner = new PlaybookRunner(
                database,
                PlaybookLibrary.builtIn(),
                actions,
                PlaybookTimeline.NONE,
                new TargetArns(REGION, ACCOUNT),
                clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aStolenUsersTokensAreRefusedAtOnceAndItsMfaMustBeEnrolledAgain() {
        users.create("alice", PASSWORD);
        UserService.Login login = users.login("alice", PASSWORD, null);
        database.useTransaction(h -> new UserDao(h).setMfa("alice", "c2VhbGVk", true, "h1,h2"));
        PrincipalStatus status = new PrincipalStatus(database);
        assertThat(status.check(tokens, login.accessToken()).token()).isNotNull();

        RunView run = runner.start(
                1, "stolen-credential", PlaybookContext.empty().with(Selector.PRINCIPAL, "user/alice"), "system");

        assertThat(run.step("disable").orElseThrow().state()).isEqualTo(StepState.DONE);
        // the signature is still valid, the token is refused all the same (the admin API's path)
        assertThat(tokens.check(login.accessToken()).token()).isNotNull();
        assertThat(status.check(tokens, login.accessToken()).rejection())
                .isEqualTo(TokenService.Rejection.PRINCIPAL_DISABLED);
        assertThatThrownBy(() -> users.refresh(login.refreshToken()))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.INVALID_REFRESH_TOKEN));
        assertThatThrownBy(() -> users.login("alice", PASSWORD, "123456"))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.ACCOUNT_DISABLED));
        // disabling revoked the refresh token already: the next step finds nothing left, and says so
        assertThat(run.step("revoke-sessions").orElseThrow().results().get(0).summary())
                .isEqualTo("no live refresh token");

        RunView approved = runner.approve(run.id(), "reset-mfa", "user/commander");
        assertThat(approved.step("reset-mfa").orElseThrow().state()).isEqualTo(StepState.DONE);
        var record = database.read(h -> new UserDao(h).find("alice")).orElseThrow();
        assertThat(record.mfaEnabled()).isFalse();
        assertThat(record.mfaSecret()).isNull();

        // enabling again does not bring the old session back
        assertThat(users.enable("alice")).isTrue();
        assertThat(status.check(tokens, login.accessToken()).token()).isNotNull();
        assertThatThrownBy(() -> users.refresh(login.refreshToken())).isInstanceOf(IamException.class);
    }

    @Test
    void aStolenServiceAccountsKeysStopWorking() {
        services.create("ci");
        String key = services.createKey("ci", Duration.ofDays(1)).key();
        assertThat(services.authenticate(key)).isPresent();

        RunView run = runner.start(
                2, "stolen-credential", PlaybookContext.empty().with(Selector.PRINCIPAL, "service/ci"), "system");

        assertThat(run.step("disable").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(run.step("revoke-access-keys").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(services.authenticate(key)).isEmpty();
        assertThat(new PrincipalStatus(database).serviceActive("ci")).isFalse();
    }

    @Test
    void aDeactivatedCaRegistersNoNewDeviceButListsTheOnesItRegistered() throws Exception {
        X509Certificate[] known = device("maker-1");
        X509Certificate[] older = device("maker-2");
        X509Certificate[] fresh = device("maker-3");
        database.useTransaction(h -> new TemplateDao(h)
                .insert(new ProvisioningTemplate(
                        "maker",
                        "maker-*",
                        null,
                        Map.of(),
                        List.of(),
                        "device-default",
                        CertificateStatus.ACTIVE,
                        ProvisioningTemplate.HookType.NONE,
                        null,
                        true,
                        Instant.now())));
        String ca = jitp.register(Pem.encode(MAKER.issuing().certificate()), "maker")
                .fingerprint();
        trust.validate(fresh);
        // maker-1 registered with its CA recorded; maker-2 before that was recorded (found by its signature)
        register(known[0], "maker-1", ca);
        register(older[0], "maker-2", null);

        RunView run = runner.start(3, "rogue-ca", PlaybookContext.empty().with(Selector.CA, ca), "system");

        assertThat(run.step("deactivate-ca").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThatThrownBy(() -> trust.validate(fresh)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> jitp.registerOnFirstUse(fresh))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryReason.UNTRUSTED_CERTIFICATE));
        // its existing devices still pass the handshake: quarantining them is the next, approved, step
        trust.validate(known);
        assertThat(run.step("list-registered-devices").orElseThrow().results())
                .extracting(r -> r.target())
                .containsExactly("thing maker-1", "thing maker-2");
        assertThat(run.step("quarantine-registered-devices").orElseThrow().state())
                .isEqualTo(StepState.AWAITING_APPROVAL);

        RunView again = runner.start(4, "rogue-ca", PlaybookContext.empty().with(Selector.CA, ca), "system");
        assertThat(again.step("deactivate-ca").orElseThrow().results().get(0).summary())
                .isEqualTo("already inactive");
    }

    @Test
    void aPermissivePolicyGoesBackToItsPreviousDocument() {
        String strict = policy("iot:Publish");
        String permissive = policy("iot:*");
        policies.create("sensors", strict);
        policies.update("sensors", permissive);

        RunView run = runner.start(
                5, "permissive-policy", PlaybookContext.empty().with(Selector.POLICY, "sensors"), "system");

        assertThat(run.step("revert").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(policies.get("sensors").document()).isEqualTo(strict);
        assertThat(policies.versions("sensors")).hasSize(3);

        // a second run leaves the reverted policy alone rather than flipping it back
        RunView again = runner.start(
                6, "permissive-policy", PlaybookContext.empty().with(Selector.POLICY, "sensors"), "system");
        assertThat(again.step("revert").orElseThrow().results().get(0).summary())
                .startsWith("already reverted");
        assertThat(policies.get("sensors").document()).isEqualTo(strict);

        // a policy with no previous version is refused, not guessed
        policies.create("fresh", strict);
        RunView none =
                runner.start(7, "permissive-policy", PlaybookContext.empty().with(Selector.POLICY, "fresh"), "system");
        assertThat(none.step("revert").orElseThrow().state()).isEqualTo(StepState.FAILED);
        assertThat(none.step("revert").orElseThrow().results().get(0).summary()).contains("no previous version");
    }

    private void register(X509Certificate leaf, String thing, String ca) {
        Instant now = Instant.now();
        String serial = leaf.getSerialNumber().toString(16);
        database.useTransaction(h -> {
            new ThingDao(h).insert(new Thing(thing, REGION, ACCOUNT, null, Map.of(), now));
            new CertificateDao(h)
                    .insert(new CertificateRecord(
                            serial,
                            Fingerprints.sha256Hex(leaf),
                            REGION,
                            CertificateKind.DEVICE,
                            thing,
                            CertificateStatus.ACTIVE,
                            thing,
                            null,
                            leaf.getNotBefore().toInstant(),
                            leaf.getNotAfter().toInstant(),
                            Pem.encode(leaf),
                            now,
                            now,
                            null,
                            null,
                            null,
                            null));
            if (ca != null) {
                new ManufacturerCaDao(h).recordRegistration(serial, ca, thing, now);
            }
        });
    }

    private static String policy(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"arn:warden:iot:" + REGION + ":" + ACCOUNT + ":topic/sensors/*\"}]}";
    }

    private static X509Certificate[] device(String name) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        var csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        X509Certificate leaf = new CertificateIssuer(MAKER.issuing(), new SecureRandom(), Clock.systemUTC())
                .issue(new IssueRequest(
                        name,
                        "urn:warden:device:" + name,
                        csr.publicKey(),
                        Duration.ofDays(1),
                        null,
                        null,
                        CertificateProfile.DEVICE));
        return new X509Certificate[] {leaf, MAKER.issuing().certificate()};
    }
}
