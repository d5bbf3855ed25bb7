package dev.warden.jobs;

import dev.warden.jobs.rollout.ExecutionStatus;
import dev.warden.jobs.store.ExecutionDao;
import dev.warden.jobs.store.JobDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Jobs and their executions: created by operators, advanced by devices and by the rollout ({@link #tick}), ended by
 * completion, cancellation or abort. Every state change is one transaction, checked against the execution's version,
 * so that two updates of one execution never both win.
 */
public final class JobService {
    public static final int MAX_TARGETS = 100_000;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_DETAILS = 10;
    private static final int MAX_DETAIL_CHARS = 256;

    private final Database db;
    private final JobTargets targets;
    private final String region;
    private final Clock clock;
    private volatile JobListener listener = JobListener.NONE;

    public JobService(Database db, JobTargets targets, String region, Clock clock) {
        this.db = db;
        this.targets = targets;
        this.region = region;
        this.clock = clock;
    }

    /** Set once by the node, before the rollout starts: who notifies devices and audits what the rollout did. */
    public void listener(JobListener listener) {
        this.listener = listener;
    }

    JobListener listener() {
        return listener;
    }

    Database database() {
        return db;
    }

    public String region() {
        return region;
    }

    /**
     * Creates a job with one QUEUED execution per target. Every target must exist and be of the release's thing type,
     * or nothing is created; the release itself is checked by the caller (it may not be revoked).
     */
    public Job create(CreateJob request, String principal) {
        if (request.id() == null || !JOB_ID.matcher(request.id()).matches()) {
            throw new JobException(JobReason.INVALID_JOB_ID, "a job id is 1-64 characters of A-Z a-z 0-9 _ -");
        }
        if (request.things().isEmpty() && request.groups().isEmpty()) {
            throw new JobException(JobReason.INVALID_TARGETS, "a job targets at least one thing or thing group");
        }
        Map<String, String> resolved = targets.resolve(request.things(), request.groups());
        if (resolved.isEmpty() || resolved.size() > MAX_TARGETS) {
            throw new JobException(
                    JobReason.INVALID_TARGETS, "a job targets 1 to " + MAX_TARGETS + " things, not " + resolved.size());
        }
        resolved.forEach((thing, type) -> {
            if (!request.thingType().equals(type)) {
                throw new JobException(
                        JobReason.WRONG_THING_TYPE,
                        "thing " + thing + " is of type " + type + ", not " + request.thingType());
            }
        });
        Instant now = now();
        Job job = new Job(
                request.id(),
                request.thingType(),
                request.version(),
                JobStatus.IN_PROGRESS,
                request.settings(),
                now,
                principal,
                Optional.empty(),
                Optional.empty());
        db.useTransaction(h -> {
            JobDao jobs = new JobDao(h, region);
            if (jobs.find(job.id()).isPresent()) {
                throw new JobException(JobReason.JOB_EXISTS, "a job " + job.id() + " exists already");
            }
            jobs.insert(job);
            ExecutionDao executions = new ExecutionDao(h, region);
            resolved.keySet().stream()
                    .sorted()
                    .forEach(thing -> executions.insert(new JobExecution(
                            job.id(),
                            thing,
                            ExecutionStatus.QUEUED,
                            1,
                            now,
                            Optional.empty(),
                            Optional.empty(),
                            now,
                            Map.of())));
        });
        return job;
    }

    public Job job(String id) {
        return db.read(h -> new JobDao(h, region).find(id))
                .orElseThrow(() -> new JobException(JobReason.NO_SUCH_JOB, "no job " + id));
    }

    public List<Job> jobs(JobStatus status, int limit) {
        return db.read(h -> new JobDao(h, region).list(status, limit));
    }

    public List<JobExecution> executions(String jobId, int limit) {
        job(jobId);
        return db.read(h -> new ExecutionDao(h, region).ofJob(jobId, limit));
    }

    public Map<ExecutionStatus, Long> counts(String jobId) {
        return db.read(h -> new ExecutionDao(h, region).countByStatus(jobId));
    }

    /** Cancels a job in progress: its executions that have not ended are CANCELED. */
    public Job cancel(String jobId, String reason, String principal) {
        Instant now = now();
        String why = "canceled by " + principal + (reason == null || reason.isBlank() ? "" : ": " + reason);
        boolean done = db.inTransaction(h -> {
            if (!new JobDao(h, region).end(jobId, JobStatus.CANCELED, now, why)) {
                return false;
            }
            new ExecutionDao(h, region).endOpen(jobId, ExecutionStatus.CANCELED, now);
            return true;
        });
        if (!done) {
            Job job = job(jobId);
            throw new JobException(JobReason.JOB_ENDED, "job " + jobId + " has ended already (" + job.status() + ")");
        }
        return job(jobId);
    }

    /** The executions a device should act on: notified, not ended. */
    public List<JobExecution> pendingFor(String thing) {
        return db.read(h -> new ExecutionDao(h, region).pendingFor(thing));
    }

    /**
     * A device reports on its own execution. {@code expectedVersion} is the version it last saw (null: any); an
     * update from a terminal state, or to a state a device may not report, is refused and changes nothing.
     */
    public JobExecution deviceUpdate(
            String thing, String jobId, ExecutionStatus next, Long expectedVersion, Map<String, String> details) {
        JobExecution updated;
        try {
            requireDetails(details);
            updated = applyDeviceUpdate(thing, jobId, next, expectedVersion, details);
        } catch (JobException e) {
            listener.deviceRefused(thing, jobId, next, e.reason());
            throw e;
        }
        listener.deviceReported(updated);
        return updated;
    }

    private JobExecution applyDeviceUpdate(
            String thing, String jobId, ExecutionStatus next, Long expectedVersion, Map<String, String> details) {
        Instant now = now();
        return db.inTransaction(h -> {
            ExecutionDao dao = new ExecutionDao(h, region);
            JobExecution current = dao.find(jobId, thing)
                    .filter(e -> e.notifiedAt().isPresent())
                    .orElseThrow(() -> new JobException(
                            JobReason.NO_SUCH_EXECUTION, "thing " + thing + " has no execution of job " + jobId));
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw new JobException(
                        JobReason.VERSION_MISMATCH,
                        "the execution is at version " + current.version() + ", not " + expectedVersion);
            }
            if (!current.status().deviceMayReport(next)) {
                throw new JobException(
                        JobReason.INVALID_TRANSITION, "an execution " + current.status() + " cannot become " + next);
            }
            JobExecution updated = new JobExecution(
                    jobId,
                    thing,
                    next,
                    current.version() + 1,
                    current.queuedAt(),
                    current.notifiedAt(),
                    current.startedAt().or(() -> Optional.of(now)),
                    now,
                    details == null ? current.details() : details);
            if (!dao.update(updated, current.version())) {
                throw new JobException(JobReason.VERSION_MISMATCH, "the execution changed meanwhile; read it again");
            }
            return updated;
        });
    }

    /** One pass of every job in progress: timeouts, abort criteria, notifications, completion. */
    public void tick() {
        Instant now = now();
        for (Job job : jobs(JobStatus.IN_PROGRESS, Integer.MAX_VALUE)) {
            new RolloutPass(this, job, now).run();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireDetails(Map<String, String> details) {
        if (details != null
                && (details.size() > MAX_DETAILS
                        || details.entrySet().stream()
                                .anyMatch(e ->
                                        e.getKey().length() > 64 || e.getValue().length() > MAX_DETAIL_CHARS))) {
            throw new JobException(
                    JobReason.INVALID_STATUS_DETAILS,
                    "status details are at most " + MAX_DETAILS + " strings of at most " + MAX_DETAIL_CHARS
                            + " characters");
        }
    }
}
