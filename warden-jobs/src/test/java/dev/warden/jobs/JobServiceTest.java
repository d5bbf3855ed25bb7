package dev.warden.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.jobs.rollout.AbortCriterion;
import dev.warden.jobs.rollout.ExecutionStatus;
import dev.warden.jobs.rollout.RolloutRate;
import dev.warden.storage.Database;
import dev.warden.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs against a real database, driven by a clock the test moves. */
class JobServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, String> registry = new LinkedHashMap<>();
    private final List<String> heard = new ArrayList<>();
    private Database db;
    private JobService jobs;

    @BeforeEach
    void start() {
        db = Database.open(null, dir);
        for (int i = 0; i < 100; i++) {
            registry.put(String.format("sensor-%03d", i), "sensor");
        }
        registry.put("pump-1", "pump");
        jobs = new JobService(db, this::resolve, "eu-west-1", clock);
        jobs.listener(new JobListener() {
            @Override
            public void notified(JobExecution e) {
                heard.add("notified " + e.thing());
            }

            @Override
            public void deviceRefused(String thing, String jobId, ExecutionStatus asked, JobReason reason) {
                heard.add("refused " + thing + " " + asked + " " + reason);
            }

            @Override
            public void timedOut(JobExecution e) {
                heard.add("timed out " + e.thing());
            }

            @Override
            public void aborted(Job job, String why) {
                heard.add("aborted " + job.id() + ": " + why);
            }

            @Override
            public void completed(Job job) {
                heard.add("completed " + job.id());
            }
        });
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void theRolloutNotifiesNoFasterThanItsRateAndCompletesWhenEveryThingSucceeded() {
        jobs.create(job("update-24", new RolloutRate.Constant(30), List.of(), null), "user/alice");

        jobs.tick();
        assertThat(notifiedCount()).isEqualTo(30);
        clock.advance(Duration.ofSeconds(30));
        jobs.tick();
        assertThat(notifiedCount()).isEqualTo(30); // the minute is not over
        clock.advance(Duration.ofSeconds(31));
        jobs.tick();
        assertThat(notifiedCount()).isEqualTo(60);
        clock.advance(Duration.ofSeconds(61));
        jobs.tick();
        clock.advance(Duration.ofSeconds(61));
        jobs.tick();
        assertThat(notifiedCount()).isEqualTo(100);

        for (String thing : registry.keySet()) {
            if (thing.startsWith("sensor")) {
                assertThat(jobs.pendingFor(thing)).hasSize(1);
                jobs.deviceUpdate(thing, "update-24", ExecutionStatus.IN_PROGRESS, 2L, Map.of("step", "download"));
                jobs.deviceUpdate(thing, "update-24", ExecutionStatus.SUCCEEDED, null, Map.of());
            }
        }
        jobs.tick();

        assertThat(jobs.job("update-24").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(heard).last().isEqualTo("completed update-24");
    }

    @Test
    void aJobAbortsItselfWhenItsCriteriaAreMetAndNobodyElseIsNotified() {
        jobs.create(
                job("risky", new RolloutRate.Constant(60), List.of(new AbortCriterion(null, 10, 50)), null),
                "user/alice");
        jobs.tick();
        List<String> notified = jobs.executions("risky", 1000).stream()
                .filter(e -> e.notifiedAt().isPresent())
                .map(JobExecution::thing)
                .toList();
        for (int i = 0; i < 50; i++) {
            jobs.deviceUpdate(
                    notified.get(i), "risky", i < 44 ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED, null, null);
        }
        clock.advance(Duration.ofSeconds(61));

        jobs.tick();

        Job job = jobs.job("risky");
        assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(job.reason())
                .hasValue("aborted: 6 of 50 executed things failed, were rejected or timed out (12.0%, above 10.0%"
                        + " after at least 50)");
        assertThat(notifiedCount("risky")).isEqualTo(60);
        assertThat(jobs.counts("risky"))
                .containsEntry(ExecutionStatus.SUCCEEDED, 44L)
                .containsEntry(ExecutionStatus.FAILED, 6L)
                .containsEntry(ExecutionStatus.CANCELED, 50L);
        assertThat(heard).filteredOn(h -> h.startsWith("aborted")).hasSize(1);
    }

    @Test
    void anExecutionInProgressTooLongTimesOutAndADeviceCannotRewriteAnOutcome() {
        jobs.create(job("slow", new RolloutRate.Constant(200), List.of(), Duration.ofMinutes(10)), "user/alice");
        jobs.tick();
        jobs.deviceUpdate("sensor-000", "slow", ExecutionStatus.IN_PROGRESS, null, null);
        clock.advance(Duration.ofMinutes(10));

        jobs.tick();

        assertThat(heard).contains("timed out sensor-000");
        refused(
                () -> jobs.deviceUpdate("sensor-000", "slow", ExecutionStatus.SUCCEEDED, null, null),
                JobReason.INVALID_TRANSITION);
        refused(
                () -> jobs.deviceUpdate("sensor-001", "slow", ExecutionStatus.SUCCEEDED, 7L, null),
                JobReason.VERSION_MISMATCH);
        refused(
                () -> jobs.deviceUpdate("pump-1", "slow", ExecutionStatus.SUCCEEDED, null, null),
                JobReason.NO_SUCH_EXECUTION);
        // Every refusal is told (the node audits it as a DENY); nothing changed.
        assertThat(heard)
                .contains(
                        "refused sensor-000 SUCCEEDED INVALID_TRANSITION",
                        "refused sensor-001 SUCCEEDED VERSION_MISMATCH",
                        "refused pump-1 SUCCEEDED NO_SUCH_EXECUTION");
    }

    @Test
    void aJobForTheWrongThingTypeOrAnUnknownThingCreatesNothing() {
        refused(
                () -> jobs.create(
                        new CreateJob("mixed", "sensor", "2.4.0", List.of("sensor-001", "pump-1"), null, null),
                        "user/alice"),
                JobReason.WRONG_THING_TYPE);
        refused(
                () -> jobs.create(new CreateJob("ghost", "sensor", "2.4.0", List.of("nobody"), null, null), "a"),
                JobReason.UNKNOWN_THING);
        refused(
                () -> jobs.create(new CreateJob("bad id!", "sensor", "2.4.0", List.of("sensor-001"), null, null), "a"),
                JobReason.INVALID_JOB_ID);
        assertThat(jobs.jobs(null, 10)).isEmpty();
    }

    @Test
    void aCanceledJobEndsEveryOpenExecutionAndCannotBeCanceledTwice() {
        jobs.create(job("stop-me", new RolloutRate.Constant(10), List.of(), null), "user/alice");
        jobs.tick();

        Job canceled = jobs.cancel("stop-me", "wrong release", "user/bob");

        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(canceled.reason()).hasValue("canceled by user/bob: wrong release");
        assertThat(jobs.counts("stop-me")).containsOnlyKeys(ExecutionStatus.CANCELED);
        assertThat(jobs.pendingFor("sensor-000")).isEmpty();
        refused(() -> jobs.cancel("stop-me", null, "user/bob"), JobReason.JOB_ENDED);
    }

    private CreateJob job(String id, RolloutRate rate, List<AbortCriterion> abort, Duration timeout) {
        return new CreateJob(
                id,
                "sensor",
                "2.4.0",
                List.of(),
                List.of("all-sensors"),
                new JobSettings(rate, abort, timeout, null, null, List.of()));
    }

    private Map<String, String> resolve(List<String> things, List<String> groups) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String thing : things) {
            if (!registry.containsKey(thing)) {
                throw new JobException(JobReason.UNKNOWN_THING, "no thing " + thing);
            }
            out.put(thing, registry.get(thing));
        }
        if (groups.contains("all-sensors")) {
            registry.forEach((thing, type) -> {
                if (type.equals("sensor")) {
                    out.put(thing, type);
                }
            });
        }
        return out;
    }

    private long notifiedCount() {
        return notifiedCount("update-24");
    }

    private long notifiedCount(String job) {
        return jobs.executions(job, 1000).stream()
                .filter(e -> e.notifiedAt().isPresent())
                .count();
    }

    private static void refused(ThrowingCallable call, JobReason reason) {
        assertThatThrownBy(call)
                .isInstanceOf(JobException.class)
                .extracting(e -> ((JobException) e).reason())
                .isEqualTo(reason);
    }
}
