package dev.warden.node.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.iam.store.PolicyDao;
import dev.warden.iam.store.PolicyRecord;
import dev.warden.incident.playbook.PlaybookContext;
import dev.warden.incident.playbook.PlaybookLibrary;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.playbook.PlaybookTimeline;
import dev.warden.incident.playbook.RunView;
import dev.warden.incident.playbook.Selector;
import dev.warden.incident.playbook.StepState;
import dev.warden.incident.playbook.TargetArns;
import dev.warden.node.monitor.NodeMitigationTargets;
import dev.warden.policy.DefaultPolicies;
import dev.warden.registry.Quarantine;
import dev.warden.registry.ThingPolicyCache;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compromised-device playbook's quarantine against the real registry, and what a node without a gateway does. */
class NodePlaybookActionsTest {
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "default";

    @TempDir
    Path dir;

    private Database database;
    private Quarantine quarantine;
    private PlaybookRunner runner;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        quarantine = new Quarantine(
                database, new ThingPolicyCache(database, REGION, ACCOUNT), REGION, ACCOUNT, Clock.systemUTC());
        Instant now = Instant.now();
        database.useTransaction(h -> {
            PolicyDao policies = new PolicyDao(h);
            policies.insert(new PolicyRecord(
                    DefaultPolicies.DEVICE_DEFAULT_NAME,
                    DefaultPolicies.deviceDefaultJson(REGION, ACCOUNT),
                    true,
                    now,
                    now));
            new ThingDao(h).insert(new Thing("dev-1", REGION, ACCOUNT, null, Map.of(), now));
        });
        // No gateway runs in this test: whatever needs one (live sessions, bans) must fail, never pretend.
        NodeMitigationTargets targets = new NodeMitigationTargets(quarantine, null, null, () -> null, null);
        NodePlaybookActions actions = new NodePlaybookActions(
                targets, null, null, null, null, PlaybookBackends.NONE, REGION, ACCOUNT, Clock.systemUTC());
        runner = new PlaybookRunner(
                database,
                PlaybookLibrary.builtIn(),
                actions,
                PlaybookTimeline.NONE,
                new TargetArns(REGION, ACCOUNT),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void quarantinesTheThingForRealAndReportsNothingItDidNotDo() {
        RunView run =
                runner.start(1, "compromised-device", PlaybookContext.empty().with(Selector.THING, "dev-1"), "system");

        assertThat(quarantine.contains("dev-1")).isTrue();
        assertThat(run.step("quarantine").orElseThrow().state()).isEqualTo(StepState.DONE);
        // without a certificate service nothing was revoked: failed, never reported done
        assertThat(run.step("revoke-certificates").orElseThrow().state()).isEqualTo(StepState.FAILED);
        // and no address is banned without a person's approval
        assertThat(run.step("ban-addresses").orElseThrow().state()).isEqualTo(StepState.AWAITING_APPROVAL);
    }

    @Test
    void aSecondRunFindsTheThingInQuarantineAlready() {
        quarantine.add("dev-1");
        RunView run =
                runner.start(2, "compromised-device", PlaybookContext.empty().with(Selector.THING, "dev-1"), "system");
        assertThat(run.step("quarantine").orElseThrow().results().get(0).summary())
                .isEqualTo("already in quarantine");
    }

    @Test
    void anOperationTheNodeCannotCarryOutYetFailsTheStep() {
        RunView run = runner.start(
                3, "stolen-credential", PlaybookContext.empty().with(Selector.PRINCIPAL, "user/alice"), "system");
        assertThat(run.step("disable").orElseThrow().state()).isEqualTo(StepState.FAILED);
        assertThat(run.step("disable").orElseThrow().results().get(0).summary()).contains("not available");
    }
}
