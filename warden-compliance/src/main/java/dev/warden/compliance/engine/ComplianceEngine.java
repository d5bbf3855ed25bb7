package dev.warden.compliance.engine;

import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.checks.Check;
import dev.warden.compliance.checks.CheckContext;
import dev.warden.compliance.checks.Checks;
import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.InventoryReader;
import dev.warden.compliance.store.FindingDao;
import dev.warden.compliance.store.RunDao;
import dev.warden.compliance.store.RunRecord;
import dev.warden.compliance.store.SuppressionDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: read the inventory, evaluate the checks, write what changed in one transaction, record the run, then
 * tell the audit trail. Called on the worker thread only ({@link ComplianceWorker}): runs never overlap.
 */
public final class ComplianceEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceEngine.class);

    private final Database database;
    private final InventoryReader reader;
    private final ComplianceSettings settings;
    private final ComplianceEvents audit;
    private final Clock clock;

    public ComplianceEngine(
            Database database,
            InventoryReader reader,
            ComplianceSettings settings,
            ComplianceEvents audit,
            Clock clock) {
        this.database = database;
        this.reader = reader;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** Runs these checks; {@code trigger} says why ({@code change}, {@code scheduled}, {@code manual}, {@code fix}). */
    public RunOutcome run(Collection<CheckId> ids, String trigger) {
        long startedNanos = System.nanoTime();
        Instant started = clock.instant();
        Set<CheckId> checks = ids.isEmpty() ? EnumSet.noneOf(CheckId.class) : EnumSet.copyOf(ids);
        Inventory inventory = reader.read(started);
        CheckContext context = new CheckContext(settings, started);
        Map<CheckId, List<Finding>> found = new EnumMap<>(CheckId.class);
        List<CheckId> failed = new ArrayList<>();
        for (Check check : Checks.of(checks)) {
            try {
                found.put(check.id(), List.copyOf(check.evaluate(inventory, context)));
            } catch (RuntimeException e) {
                // Its findings stay as they were: a check that could not look has not seen a problem go away.
                failed.add(check.id());
                LOG.error("compliance check {} failed; its findings are left as they were", check.id(), e);
            }
        }
        Written written = database.inTransaction(
                h -> write(h, found, new Request(checks, failed, started, trigger, startedNanos)));
        tellTrail(written);
        return new RunOutcome(written.run(), written.opened(), written.resolved());
    }

    private record Request(
            Set<CheckId> checks, List<CheckId> failed, Instant started, String trigger, long startedNanos) {}

    private record Written(
            RunRecord run, List<StoredFinding> opened, List<StoredFinding> resolved, List<StoredFinding> reopened) {}

    private Written write(Handle h, Map<CheckId, List<Finding>> found, Request request) {
        Instant now = request.started();
        FindingDao findings = new FindingDao(h);
        SuppressionIndex suppressions = new SuppressionIndex(new SuppressionDao(h).unexpired(now), now);
        FindingDiff.Result diff = FindingDiff.diff(found, findings.active(found.keySet()), suppressions);
        List<StoredFinding> lapsed = findings.lapsedSuppressions(now).stream()
                .filter(s -> !found.containsKey(s.finding().check()))
                .toList();
        List<FindingDiff.Changed> changed = new ArrayList<>(diff.changed());
        changed.addAll(FindingDiff.relapse(lapsed, suppressions));

        long nextId = findings.nextId();
        List<FindingDao.NewRow> rows = new ArrayList<>();
        List<StoredFinding> opened = new ArrayList<>();
        for (FindingDiff.New n : diff.opened()) {
            long id = nextId++;
            rows.add(new FindingDao.NewRow(id, n.finding(), n.status(), n.suppressionId(), now));
            opened.add(new StoredFinding(id, n.finding(), n.status(), now, now, Optional.empty(), Optional.empty()));
        }
        findings.touch(found.keySet(), now);
        findings.insert(rows);
        findings.refresh(changed.stream()
                .map(c -> new FindingDao.Refresh(c.stored().id(), c.finding(), c.status(), c.suppressionId()))
                .toList());
        findings.resolve(diff.resolved().stream().map(StoredFinding::id).toList(), now);
        List<StoredFinding> resolved = diff.resolved().stream()
                .map(s -> new StoredFinding(
                        s.id(),
                        s.finding(),
                        FindingStatus.RESOLVED,
                        s.firstSeen(),
                        now,
                        Optional.of(now),
                        s.suppression()))
                .toList();
        List<StoredFinding> reopened = changed.stream()
                .filter(FindingDiff.Changed::reopened)
                .map(FindingDiff.Changed::stored)
                .toList();

        Map<Severity, Integer> open = findings.openBySeverity();
        RunDao runs = new RunDao(h);
        RunRecord run = new RunRecord(
                runs.nextId(),
                now,
                request.trigger(),
                List.copyOf(request.checks()),
                request.failed(),
                Duration.ofNanos(System.nanoTime() - request.startedNanos()),
                opened.size(),
                resolved.size(),
                open);
        runs.insert(run);
        return new Written(run, opened, resolved, reopened);
    }

    private void tellTrail(Written w) {
        try {
            for (StoredFinding f : w.opened()) {
                audit.opened(f.id(), f.finding(), f.status().name().toLowerCase(java.util.Locale.ROOT), "new");
            }
            for (StoredFinding f : w.reopened()) {
                audit.opened(f.id(), f.finding(), "open", "suppression-lapsed");
            }
            for (StoredFinding f : w.resolved()) {
                audit.resolved(f.id(), f.finding());
            }
            audit.runCompleted(w.run());
        } catch (RuntimeException e) {
            LOG.error(
                    "recording compliance run {} in the audit trail failed",
                    w.run().id(),
                    e);
        }
    }
}
