package dev.warden.incident.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.playbook.store.PlaybookRunDao;
import dev.warden.incident.playbook.store.StepRow;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookRunnerTest {
    private static final TargetArns ARNS = new TargetArns("eu-1", "123456789012");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Database database;
    private final FakeActions actions = new FakeActions();
    private final RecordingTimeline timeline = new RecordingTimeline();
    private PlaybookRunner runner;

    @BeforeEach
    void open() {
        database = Database.open(null, dir);
        runner = newRunner();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private PlaybookRunner newRunner() {
        return new PlaybookRunner(database, PlaybookLibrary.builtIn(), actions, timeline, ARNS, CLOCK);
    }

    private static PlaybookContext device() {
        return PlaybookContext.empty().with(Selector.THING, "sensor-7").with(Selector.ADDRESS, "203.0.113.9");
    }

    @Test
    void compromisedDeviceContainsAtOnceAndBansOnlyOnApproval() {
        RunView run = runner.start(7, "compromised-device", device(), "system");

        assertThat(run.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(run.step("quarantine").orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(run.step("revoke-listed-certificates").orElseThrow().state()).isEqualTo(StepState.SKIPPED);
        assertThat(actions.calls)
                .containsExactly(
                        "monitor:Quarantine thing sensor-7",
                        "warden:RevokeThingCertificates thing sensor-7",
                        "audit:LookupEvents thing sensor-7",
                        "data:GetTelemetry thing sensor-7");
        assertThat(timeline.contained).containsExactly("7 quarantine: monitor:Quarantine on thing sensor-7");
        assertThat(run.containedAt()).hasValue(CLOCK.instant());
        // every step that acted recorded its intent before its outcome
        assertThat(timeline.steps)
                .filteredOn(o -> o.stepId().equals("quarantine"))
                .extracting(StepOutcome::state)
                .containsExactly(StepState.RUNNING, StepState.DONE);
        assertThat(run.step("audit-evidence").orElseThrow().results().get(0).items())
                .containsExactly("event 1", "event 2");

        // An address may be a NAT's, shared by the fleet: banned only once a person approves.
        assertThat(run.step("ban-addresses").orElseThrow().state()).isEqualTo(StepState.AWAITING_APPROVAL);
        RunView approved = runner.approve(run.id(), "ban-addresses", "alice");
        assertThat(actions.calls).endsWith("iot:CreateBan address 203.0.113.9");
        assertThat(approved.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(timeline.ended).containsExactly(RunStatus.COMPLETED);
    }

    @Test
    void anApprovalStepWaitsAndTheApprovalIsRecorded() {
        PlaybookContext secret = PlaybookContext.empty().with(Selector.SECRET, "db-password");

        RunView run = runner.start(3, "leaked-secret", secret, "alice");

        assertThat(run.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(run.awaiting().orElseThrow().id()).isEqualTo("rotate");
        assertThat(actions.count("secrets:RotateSecret")).isZero();
        assertThat(actions.count("audit:LookupEvents")).isEqualTo(1);

        RunView approved = runner.approve(run.id(), "rotate", "bob");

        assertThat(approved.status()).isEqualTo(RunStatus.COMPLETED);
        StepView rotate = approved.step("rotate").orElseThrow();
        assertThat(rotate.state()).isEqualTo(StepState.DONE);
        assertThat(rotate.decidedBy()).hasValue("bob");
        assertThat(timeline.steps)
                .filteredOn(o -> o.stepId().equals("rotate") && o.state() == StepState.DONE)
                .extracting(StepOutcome::actor)
                .containsExactly("bob");
        assertThatThrownBy(() -> runner.approve(run.id(), "rotate", "bob"))
                .isInstanceOfSatisfying(
                        IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentReason.STEP_NOT_PENDING));
    }

    @Test
    void aRejectedStepDoesNothingAndTheRunEndsIncomplete() {
        PlaybookContext ca = PlaybookContext.empty().with(Selector.CA, "ca-1");
        actions.derived.put("ca-thing ca-1", List.of("d1", "d2"));

        RunView run = runner.start(4, "rogue-ca", ca, "system");
        assertThat(run.awaiting().orElseThrow().id()).isEqualTo("quarantine-registered-devices");
        RunView rejected = runner.reject(run.id(), "quarantine-registered-devices", "carol");

        assertThat(rejected.status()).isEqualTo(RunStatus.INCOMPLETE);
        assertThat(rejected.step("quarantine-registered-devices").orElseThrow().state())
                .isEqualTo(StepState.REJECTED);
        assertThat(actions.count("monitor:Quarantine")).isZero();
        assertThat(actions.calls).contains("audit:LookupEvents thing d1", "audit:LookupEvents thing d2");
    }

    @Test
    void aStepOutsideTheRoleIsDeniedAndNothingHappens() {
        // GIVEN the compromised-device playbook run under a role that lacks warden:RevokeThingCertificates
        Playbook device = PlaybookLibrary.builtIn().require("compromised-device");
        String narrower = PlaybookRole.derive(device, ARNS)
                .document()
                .replace("\"warden:RevokeThingCertificates\"", "\"warden:DescribeThing\"");
        runner.roles(p -> PlaybookRole.of("playbook-" + p.name(), narrower));

        // WHEN it runs
        RunView run = runner.start(9, "compromised-device", device(), "system");

        // THEN the revocation is denied, recorded, and no revocation was attempted; the other steps still ran
        StepView revoke = run.step("revoke-certificates").orElseThrow();
        assertThat(revoke.state()).isEqualTo(StepState.DENIED);
        assertThat(revoke.results()).extracting(TargetResult::outcome).containsExactly(TargetResult.Outcome.DENIED);
        assertThat(actions.count("warden:RevokeThingCertificates")).isZero();
        assertThat(actions.count("monitor:Quarantine")).isEqualTo(1);
        assertThat(run.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(timeline.steps)
                .filteredOn(o -> o.stepId().equals("revoke-certificates"))
                .extracting(StepOutcome::state)
                .containsExactly(StepState.DENIED);
    }

    @Test
    void noIntentRecordedMeansNoAction() {
        timeline.refuseIntents = true;
        RunView run = runner.start(1, "compromised-device", device(), "system");
        assertThat(actions.calls).isEmpty();
        assertThat(run.step("quarantine").orElseThrow().state()).isEqualTo(StepState.FAILED);
        assertThat(timeline.contained).isEmpty();
    }

    @Test
    void aFailingTargetFailsTheStepButTheOthersAreStillContained() {
        actions.failing.add("sensor-8");
        PlaybookContext two = PlaybookContext.empty().with(Selector.THING, "sensor-7", "sensor-8");
        RunView run = runner.start(2, "compromised-device", two, "system");
        StepView q = run.step("quarantine").orElseThrow();
        assertThat(q.state()).isEqualTo(StepState.FAILED);
        assertThat(q.results())
                .extracting(TargetResult::outcome)
                .containsExactly(TargetResult.Outcome.CHANGED, TargetResult.Outcome.FAILED);
        assertThat(q.results().get(1).summary()).isEqualTo("cannot reach sensor-8");
    }

    @Test
    void startingTwiceReturnsTheUnfinishedRunAndDoneStepsAreNotRedone() {
        RunView first = runner.start(5, "leaked-secret", PlaybookContext.empty().with(Selector.SECRET, "s"), "a");
        RunView second =
                runner.start(5, "leaked-secret", PlaybookContext.empty().with(Selector.SECRET, "s"), "a");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(actions.count("audit:LookupEvents")).isEqualTo(1);
        runner.resume();
        assertThat(actions.count("audit:LookupEvents")).isEqualTo(1);
    }

    @Test
    void aRerunOfAnEffectInPlaceIsANoOp() {
        RunView first = runner.start(6, "compromised-device", device(), "system");
        runner.reject(first.id(), "ban-addresses", "alice");
        RunView again = runner.start(6, "compromised-device", device(), "system");
        assertThat(again.step("quarantine").orElseThrow().results())
                .extracting(TargetResult::outcome)
                .containsExactly(TargetResult.Outcome.UNCHANGED);
        assertThat(again.step("quarantine").orElseThrow().state()).isEqualTo(StepState.DONE);
    }

    @Test
    void pendingApprovalsAndInterruptedStepsSurviveARestart() {
        // GIVEN a run waiting for approval and one whose step was left running when the node stopped
        long waiting = runner.start(10, "leaked-secret", PlaybookContext.empty().with(Selector.SECRET, "s"), "a")
                .id();
        long interrupted = runner.start(11, "permissive-policy", PlaybookContext.empty(), "a")
                .id();
        long exhausted = runner.start(12, "permissive-policy", PlaybookContext.empty(), "a")
                .id();
        database.useTransaction(h -> {
            PlaybookRunDao dao = new PlaybookRunDao(h);
            String context = "{\"policy\":[\"open-policy\"]}";
            h.execute(
                    "UPDATE playbook_runs SET status = 'running', context = ? WHERE id IN (?, ?)",
                    context,
                    interrupted,
                    exhausted);
            dao.update(running(interrupted, 1));
            dao.update(running(exhausted, PlaybookRunner.MAX_ATTEMPTS));
        });
        database.close();

        // WHEN the node starts again on the same database file
        database = Database.open(null, dir);
        runner = newRunner();
        List<RunView> resumed = runner.resume();

        // THEN the interrupted step is retried, the exhausted one failed, and the approval still waits
        assertThat(resumed).extracting(RunView::id).containsExactly(waiting, interrupted, exhausted);
        assertThat(runner.run(interrupted).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(runner.run(interrupted).step("revert").orElseThrow().attempts())
                .isEqualTo(2);
        assertThat(actions.count("iam:UpdatePolicy")).isEqualTo(1);
        assertThat(runner.run(exhausted).step("revert").orElseThrow().state()).isEqualTo(StepState.FAILED);
        assertThat(runner.run(waiting).status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(runner.approve(waiting, "rotate", "bob").status()).isEqualTo(RunStatus.COMPLETED);
    }

    private static StepRow running(long run, int attempts) {
        return new StepRow(
                run,
                0,
                "revert",
                "running",
                attempts,
                Optional.empty(),
                Optional.empty(),
                Optional.of(CLOCK.instant()),
                Optional.empty(),
                "acting",
                "[]");
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndDoesNothing() {
        actions.derived.put("ca-thing ca-1", List.of("d1"));
        List<PlannedAction> plan =
                runner.dryRun("rogue-ca", PlaybookContext.empty().with(Selector.CA, "ca-1"));
        assertThat(plan)
                .extracting(PlannedAction::stepId)
                .containsExactly("deactivate-ca", "list-registered-devices", "quarantine-registered-devices");
        assertThat(plan.get(2).arn()).isEqualTo("arn:warden:iot:eu-1:123456789012:thing/d1");
        assertThat(plan.get(2).mode()).isEqualTo(Mode.APPROVAL);
        assertThat(plan).allMatch(PlannedAction::allowed);
        assertThat(actions.calls).isEmpty();
        assertThat(runner.runs(0)).isEmpty();
    }
}
