package dev.warden.compliance.engine;

import dev.warden.compliance.ComplianceException;
import dev.warden.compliance.ComplianceReason;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Control;
import dev.warden.compliance.core.Framework;
import dev.warden.compliance.core.Frameworks;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.store.FindingDao;
import dev.warden.compliance.store.FindingFilter;
import dev.warden.compliance.store.RunDao;
import dev.warden.compliance.store.RunRecord;
import dev.warden.compliance.store.SuppressionDao;
import dev.warden.compliance.store.SuppressionRule;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What operators do with compliance (the admin API's routes call it): list and show findings, set them aside with a
 * reason, an owner and an expiry (one, or every open one as a baseline), lift a suppression, run checks and read the
 * history of runs. Suppressions take effect at once: the findings they match change status in the same transaction.
 */
public final class ComplianceService {
    /** A suppression lasts at most this long: accepted risk is reviewed at least yearly. */
    public static final Duration MAX_SUPPRESSION = Duration.ofDays(366);

    private static final int MAX_REASON = 1_000;

    private final Database database;
    private final ComplianceWorker worker;
    private final Clock clock;

    public ComplianceService(Database database, ComplianceWorker worker, Clock clock) {
        this.database = database;
        this.worker = worker;
        this.clock = clock;
    }

    public List<StoredFinding> findings(FindingFilter filter) {
        return database.read(h -> new FindingDao(h).list(filter));
    }

    public StoredFinding finding(long id) {
        return database.read(h -> new FindingDao(h).find(id))
                .orElseThrow(() -> new ComplianceException(ComplianceReason.NO_SUCH_FINDING, "no finding " + id));
    }

    /** The checks a framework maps to its controls; refused when the framework's data is not in this build. */
    public Set<CheckId> checksOf(String framework) {
        Framework f;
        try {
            f = Frameworks.load(framework);
        } catch (IllegalStateException missing) {
            throw new ComplianceException(
                    ComplianceReason.NO_SUCH_FRAMEWORK, "framework " + framework + " is not in this build");
        }
        Set<CheckId> checks = EnumSet.noneOf(CheckId.class);
        for (Control c : f.controls()) {
            checks.addAll(c.checks());
        }
        return checks;
    }

    /** Sets one finding aside (and every later occurrence of its check on its resource) until {@code until}. */
    public SuppressionRule suppress(long findingId, String reason, Instant until, String owner) {
        Instant now = clock.instant();
        String why = validate(reason, until, now);
        return database.inTransaction(h -> {
            FindingDao findings = new FindingDao(h);
            StoredFinding f = findings.find(findingId)
                    .orElseThrow(
                            () -> new ComplianceException(ComplianceReason.NO_SUCH_FINDING, "no finding " + findingId));
            if (f.resolvedAt().isPresent()) {
                throw new ComplianceException(
                        ComplianceReason.INVALID_SUPPRESSION, "finding " + findingId + " is resolved already");
            }
            SuppressionDao dao = new SuppressionDao(h);
            SuppressionRule rule = new SuppressionRule(
                    dao.nextId(),
                    Optional.of(findingId),
                    Optional.of(f.finding().check()),
                    f.finding().resourceArn(),
                    why,
                    owner,
                    until,
                    false,
                    now);
            dao.insert(rule);
            findings.suppress(java.util.Map.of(findingId, rule.id()));
            return rule;
        });
    }

    /** Accepts what exists today: one suppression per open finding, marked as baseline. */
    public List<SuppressionRule> baseline(String reason, Instant until, String owner) {
        Instant now = clock.instant();
        String why = validate(reason, until, now);
        return database.inTransaction(h -> {
            FindingDao findings = new FindingDao(h);
            SuppressionDao dao = new SuppressionDao(h);
            long next = dao.nextId();
            List<SuppressionRule> rules = new ArrayList<>();
            for (StoredFinding f : findings.open()) {
                rules.add(new SuppressionRule(
                        next++,
                        Optional.of(f.id()),
                        Optional.of(f.finding().check()),
                        f.finding().resourceArn(),
                        why,
                        owner,
                        until,
                        true,
                        now));
            }
            dao.insert(rules);
            java.util.Map<Long, Long> byFinding = new java.util.HashMap<>();
            rules.forEach(r -> byFinding.put(r.findingId().orElseThrow(), r.id()));
            findings.suppress(byFinding);
            return rules;
        });
    }

    /** Lifts a suppression: what it set aside is open again at once. */
    public List<StoredFinding> unsuppress(long suppressionId) {
        return database.inTransaction(h -> {
            SuppressionDao dao = new SuppressionDao(h);
            if (!dao.delete(suppressionId)) {
                throw new ComplianceException(ComplianceReason.NO_SUCH_SUPPRESSION, "no suppression " + suppressionId);
            }
            return new FindingDao(h).release(suppressionId);
        });
    }

    /**
     * Runs checks and waits for the result; if it takes longer than {@code wait} it goes on in the background and
     * the caller is told so ({@link ComplianceReason#RUN_IN_PROGRESS}).
     */
    public RunOutcome run(Set<CheckId> checks, String trigger, Duration wait) {
        try {
            return worker.submit(checks, trigger).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ComplianceException(
                    ComplianceReason.RUN_IN_PROGRESS,
                    "the run is still in progress after " + wait.toSeconds() + " s; see the history of runs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComplianceException(ComplianceReason.RUN_IN_PROGRESS, "interrupted while the run was going on");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Runs since {@code since}, newest first. */
    public List<RunRecord> runs(Instant since, int limit) {
        return database.read(h -> new RunDao(h).recent(since, Math.max(1, Math.min(limit, 10_000))));
    }

    /** The open findings by severity after each run since {@code since}, oldest first: the reports' chart. */
    public List<dev.warden.compliance.core.PostureHistoryPoint> history(Instant since) {
        List<dev.warden.compliance.core.PostureHistoryPoint> points = new ArrayList<>();
        for (RunRecord r : runs(since, 10_000)) {
            points.add(0, r.historyPoint());
        }
        return points;
    }

    /**
     * The checks whose latest run completed (did not fail): what a report may call assessed. A check that never ran,
     * or whose latest run threw, is not.
     */
    public Set<CheckId> checksRun() {
        Set<CheckId> decided = EnumSet.noneOf(CheckId.class);
        Set<CheckId> completed = EnumSet.noneOf(CheckId.class);
        for (RunRecord r : runs(Instant.EPOCH, 10_000)) {
            for (CheckId c : r.checks()) {
                if (decided.add(c) && !r.failed().contains(c)) {
                    completed.add(c);
                }
            }
            if (decided.size() == CheckId.values().length) {
                break;
            }
        }
        return completed;
    }

    private static String validate(String reason, Instant until, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new ComplianceException(
                    ComplianceReason.INVALID_SUPPRESSION, "a suppression needs a reason: say why the risk is accepted");
        }
        if (reason.length() > MAX_REASON) {
            throw new ComplianceException(
                    ComplianceReason.INVALID_SUPPRESSION, "the reason is longer than " + MAX_REASON + " characters");
        }
        if (until == null || !until.isAfter(now)) {
            throw new ComplianceException(ComplianceReason.INVALID_SUPPRESSION, "'until' must be in the future");
        }
        if (until.isAfter(now.plus(MAX_SUPPRESSION))) {
            throw new ComplianceException(
                    ComplianceReason.INVALID_SUPPRESSION, "a suppression lasts at most a year: review accepted risks");
        }
        return reason.strip();
    }
}
