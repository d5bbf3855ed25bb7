package dev.warden.node.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.audit.AuditEvent;
import dev.warden.audit.AuditLog;
import dev.warden.audit.AuditResult;
import dev.warden.audit.AuditSettings;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.iam.AdminAuthorizer;
import dev.warden.iam.IamException;
import dev.warden.iam.IamReason;
import dev.warden.iam.PasswordHasher;
import dev.warden.iam.PrincipalStatus;
import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.TokenService;
import dev.warden.iam.UserService;
import dev.warden.iam.store.Scope;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.Mode;
import dev.warden.incident.playbook.Operation;
import dev.warden.incident.playbook.PlaybookContext;
import dev.warden.incident.playbook.PlaybookLibrary;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.PlaybookTimeline;
import dev.warden.incident.playbook.RunView;
import dev.warden.incident.playbook.Selector;
import dev.warden.incident.playbook.Step;
import dev.warden.incident.playbook.StepState;
import dev.warden.incident.playbook.StepView;
import dev.warden.incident.playbook.Target;
import dev.warden.incident.playbook.TargetArns;
import dev.warden.incident.playbook.TargetResult;
import dev.warden.node.monitor.NodeMitigationTargets;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Deployment;
import dev.warden.region.forward.IamContainment;
import dev.warden.registry.PolicyService;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stolen-credential playbook in a member region whose control region cannot be reached: the credential is
 * refused here at once, the step fails saying why and that other regions still accept it, and the member's trail
 * records the request it could not make. (The link itself, both ends and replication: warden-region's
 * IamContainmentTest.)
 */
class MemberPlaybookContainmentTest {
    private static final String REGION = "us-east-1";
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:*:default:topic/fleet/*\"}]}";

    @TempDir
    Path dir;

    private Database database;
    private AuditLog log;
    private AuditStore store;
    private TokenService tokens;
    private UserService users;
    private ServiceAccounts services;
    private PlaybookBackends backends;
    private PlaybookRunner runner;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(null, dir);
        Clock clock = Clock.systemUTC();
        KeyPair signing = keys();
        tokens = new TokenService(
                (ECPrivateKey) signing.getPrivate(),
                (ECPublicKey) signing.getPublic(),
                "warden:" + REGION + ":default",
                clock,
                TokenService.DEFAULT_TTL);
        users = new UserService(database, null, null, tokens, new PasswordHasher(1024, 1, 1), "Warden test", clock);
        services = new ServiceAccounts(database, clock);
        store = new AuditStore(database);
        KeyPair audit = keys();
        log = new AuditLog(
                        store,
                        REGION,
                        new DigestSigner(audit.getPrivate(), audit.getPublic()),
                        new AuditSettings(1000, 10, 20, Duration.ofHours(1), Duration.ofSeconds(10)),
                        clock)
                .start();
        Deployment member = new Deployment(
                Deployment.Role.MEMBER, "d-1", "eu-west-1", "eu-west-1", "", 4, "h", 4, Instant.now(), Instant.now());
        IamContainment control = new IamContainment(
                "default",
                REGION,
                () -> Optional.of(member),
                () -> {
                    throw new RegionException(RegionReason.LINK_UNAVAILABLE, "eu-west-1 cannot be reached");
                },
                r -> {
                    throw new AssertionError("a member never applies a containment itself");
                },
                new NodeAudit(log, "node-1"),
                () -> {});
        backends = new PlaybookBackends(users, services, null, null, control);
        NodePlaybookActions actions = new NodePlaybookActions(
                new NodeMitigationTargets(null, null, null, () -> null, null),
                null,
                null,
                store,
                null,
                backends,
                REGION,
                "default",
                clock);
        runner = new PlaybookRunner(
                database,
                PlaybookLibrary.builtIn(),
                actions,
                PlaybookTimeline.NONE,
                new TargetArns(REGION, "default"),
                clock);
    }

    @AfterEach
    void close() {
        log.close();
        database.close();
    }

    @Test
    void withTheControlRegionOutOfReachTheUserIsRefusedHereAndTheStepFailsSayingWhy() {
        users.create("alice", PASSWORD);
        UserService.Login login = users.login("alice", PASSWORD, null);

        RunView run = runner.start(
                7, "stolen-credential", PlaybookContext.empty().with(Selector.PRINCIPAL, "user/alice"), "system");

        // THEN the step failed, visibly, with the reason and what to do
        StepView disable = run.step("disable").orElseThrow();
        assertThat(disable.state()).isEqualTo(StepState.FAILED);
        TargetResult result = disable.results().get(0);
        assertThat(result.outcome()).isEqualTo(TargetResult.Outcome.FAILED);
        assertThat(result.summary())
                .contains("in us-east-1 only", "eu-west-1", "LINK_UNAVAILABLE", "start the playbook again");
        // AND alice is contained here all the same: her token and her password are refused in this region
        assertThat(new PrincipalStatus(database)
                        .check(tokens, login.accessToken())
                        .rejection())
                .isEqualTo(TokenService.Rejection.PRINCIPAL_DISABLED);
        assertThatThrownBy(() -> users.login("alice", PASSWORD, null))
                .isInstanceOfSatisfying(
                        IamException.class, e -> assertThat(e.reason()).isEqualTo(IamReason.ACCOUNT_DISABLED));
        // AND the member's trail holds the request it could not make, naming the incident
        List<AuditEvent> asked = events("region:RequestContainment");
        assertThat(asked).isNotEmpty();
        assertThat(asked.get(0).result()).isEqualTo(AuditResult.ERROR);
        assertThat(asked.get(0).details())
                .containsEntry("incidentId", "7")
                .containsEntry("operation", "DISABLE")
                .containsEntry("reason", "LINK_UNAVAILABLE");
    }

    @Test
    void aMemberDoesNotResetMfaNeitherHereNorAtTheControlRegion() {
        users.create("bob", PASSWORD);
        NodePlaybookActions actions = new NodePlaybookActions(
                new NodeMitigationTargets(null, null, null, () -> null, null),
                null,
                null,
                store,
                null,
                backends,
                REGION,
                "default",
                Clock.systemUTC());

        // Resetting lowers protection until the user enrols again: a member (perhaps the compromised region) must
        // not be able to do it everywhere, so the step fails and names where it can be done.
        assertThatThrownBy(() -> actions.perform(
                        7,
                        Operation.RESET_MFA,
                        new Target(Selector.PRINCIPAL, "user/bob"),
                        new Step(
                                "reset-mfa",
                                Operation.RESET_MFA,
                                Selector.PRINCIPAL,
                                Mode.AUTOMATIC,
                                java.util.Map.of())))
                .isInstanceOfSatisfying(
                        IncidentException.class, e -> assertThat(e.reason()).isEqualTo(IncidentReason.STEP_FAILED))
                .hasMessageContaining("only in the control region eu-west-1");
        assertThat(events("region:RequestContainment")).isEmpty();
    }

    @Test
    void aMemberRevertsOnlyItsRegionalPoliciesNeverAGlobalOne() {
        PolicyService policies = new PolicyService(
                database,
                new ThingPolicyCache(database, REGION, "default"),
                new AdminAuthorizer(database, Clock.systemUTC()),
                Clock.systemUTC());
        policies.create("fleet", POLICY.replace("fleet/*", "fleet/a"), Scope.GLOBAL);
        policies.update("fleet", POLICY);
        policies.create("local", POLICY.replace("fleet/*", "local/a"), Scope.REGIONAL);
        policies.update("local", POLICY.replace("fleet/*", "local/*"));
        NodePlaybookActions actions = new NodePlaybookActions(
                new NodeMitigationTargets(null, null, null, () -> null, null),
                null,
                null,
                store,
                null,
                new PlaybookBackends(users, services, null, policies, backends.control()),
                REGION,
                "default",
                Clock.systemUTC());

        // A global policy is written in the control region alone: the step fails, names it, and changes nothing
        assertThatThrownBy(() -> revert(actions, "fleet"))
                .isInstanceOfSatisfying(
                        IncidentException.class, e -> assertThat(e.reason()).isEqualTo(IncidentReason.STEP_FAILED))
                .hasMessageContaining("is global")
                .hasMessageContaining("control region eu-west-1");
        assertThat(policies.versions("fleet")).hasSize(2);
        // A regional one is this region's own: reverted here
        assertThat(revert(actions, "local").changed()).isTrue();
        assertThat(policies.versions("local")).hasSize(3);
    }

    private static dev.warden.incident.playbook.ActionResult revert(NodePlaybookActions actions, String policy) {
        return actions.perform(
                7,
                Operation.REVERT_POLICY,
                new Target(Selector.POLICY, policy),
                new Step("revert", Operation.REVERT_POLICY, Selector.POLICY, Mode.AUTOMATIC, java.util.Map.of()));
    }

    @Test
    void whatAMemberAsksIsDoneByThisRegionsOwnIamWhenItIsTheControlRegion() {
        services.create("ci");
        String key = services.createKey("ci", Duration.ofDays(1)).key();
        IamContainment.Principals here = backends.principals();

        IamContainment.Outcome outcome =
                here.apply(new IamContainment.Request("r-1", "7", IamContainment.Operation.DISABLE, "service", "ci"));

        assertThat(outcome.changed()).isTrue();
        assertThat(services.authenticate(key)).isEmpty();
        assertThat(here.apply(new IamContainment.Request("r-2", "7", IamContainment.Operation.DISABLE, "service", "ci"))
                        .changed())
                .isFalse();
    }

    private List<AuditEvent> events(String prefix) {
        log.flushAndSign();
        List<AuditEvent> events = new ArrayList<>();
        store.forEach(
                REGION,
                1,
                Long.MAX_VALUE,
                it -> it.forEachRemaining(e -> {
                    if (e.event().action().startsWith(prefix)) {
                        events.add(e.event());
                    }
                }));
        return events;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
