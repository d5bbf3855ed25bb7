package dev.warden.jobs;

import dev.warden.jobs.rollout.AbortCriterion;
import dev.warden.jobs.rollout.ExecutionStatus;
import dev.warden.jobs.rollout.RolloutProgress;
import dev.warden.jobs.store.ExecutionDao;
import dev.warden.jobs.store.JobDao;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of the rollout over one job, in the order that keeps its promises: time out executions first (a timeout
 * is a failure the abort criteria must see), then abort if the criteria are met (before anyone else is notified),
 * then notify as many things as the rate allows, then complete the job when every execution ended. The listener
 * hears of each step after its transaction commits.
 */
final class RolloutPass {
    private final JobService service;
    private final Job job;
    private final Instant now;

    RolloutPass(JobService service, Job job, Instant now) {
        this.service = service;
        this.job = job;
        this.now = now;
    }

    void run() {
        timeOut();
        RolloutProgress progress = progress();
        Optional<String> abort = AbortCriterion.firstMet(job.settings().abort(), progress);
        if (abort.isPresent()) {
            abort(abort.get());
            return;
        }
        notifyThings(job.settings().planner().notifyNow(now, progress));
        RolloutProgress after = progress();
        if (after.count(ExecutionStatus.QUEUED) + after.count(ExecutionStatus.IN_PROGRESS) == 0) {
            boolean completed = service.database()
                    .inTransaction(h -> new JobDao(h, service.region()).end(job.id(), JobStatus.COMPLETED, now, null));
            if (completed) {
                service.listener().completed(job);
            }
        }
    }

    private void timeOut() {
        if (job.settings().inProgressTimeout() == null) {
            return;
        }
        Instant startedBy = now.minus(job.settings().inProgressTimeout());
        List<JobExecution> timedOut = service.database().inTransaction(h -> {
            ExecutionDao dao = new ExecutionDao(h, service.region());
            List<JobExecution> done = new ArrayList<>();
            for (JobExecution e : dao.startedBefore(job.id(), startedBy)) {
                JobExecution next = with(e, ExecutionStatus.TIMED_OUT, e.notifiedAt());
                if (dao.update(next, e.version())) {
                    done.add(next);
                }
            }
            return done;
        });
        timedOut.forEach(service.listener()::timedOut);
    }

    private void abort(String why) {
        boolean aborted = service.database().inTransaction(h -> {
            if (!new JobDao(h, service.region()).end(job.id(), JobStatus.CANCELED, now, "aborted: " + why)) {
                return false;
            }
            new ExecutionDao(h, service.region()).endOpen(job.id(), ExecutionStatus.CANCELED, now);
            return true;
        });
        if (aborted) {
            service.listener().aborted(job, why);
        }
    }

    private void notifyThings(long count) {
        if (count <= 0) {
            return;
        }
        List<JobExecution> notified = service.database().inTransaction(h -> {
            ExecutionDao dao = new ExecutionDao(h, service.region());
            List<JobExecution> done = new ArrayList<>();
            for (JobExecution e : dao.waiting(job.id(), count)) {
                JobExecution next = with(e, e.status(), Optional.of(now));
                if (dao.update(next, e.version())) {
                    done.add(next);
                }
            }
            return done;
        });
        notified.forEach(service.listener()::notified);
    }

    private RolloutProgress progress() {
        return service.database().read(h -> {
            ExecutionDao dao = new ExecutionDao(h, service.region());
            Map<ExecutionStatus, Long> counts = dao.countByStatus(job.id());
            long[] notified = dao.notified(job.id(), now.minusSeconds(60));
            long waiting = dao.countWaiting(job.id());
            return new RolloutProgress(notified[0], notified[1], waiting, counts);
        });
    }

    private JobExecution with(JobExecution e, ExecutionStatus status, Optional<Instant> notifiedAt) {
        return new JobExecution(
                e.jobId(),
                e.thing(),
                status,
                e.version() + 1,
                e.queuedAt(),
                notifiedAt,
                e.startedAt(),
                now,
                e.details());
    }
}
