package dev.warden.compliance.engine;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.FindingStatus;
import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.store.SuppressionRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run's findings mean for the stored ones, pure: for the checks that ran, a finding not stored is new (open,
 * or suppressed when a suppression matches), one stored is refreshed if anything about it changed (detail, severity,
 * fix, suppression), and a stored finding the run did not find again is resolved. Findings of checks that did not run
 * (or failed) are not looked at.
 */
final class FindingDiff {
    /** A finding the run found for the first time, and whether a suppression sets it aside. */
    record New(Finding finding, FindingStatus status, Optional<Long> suppressionId) {}

    /** A stored finding to rewrite; {@code reopened} when a lapsed suppression no longer sets it aside. */
    record Changed(
            StoredFinding stored,
            Finding finding,
            FindingStatus status,
            Optional<Long> suppressionId,
            boolean reopened) {}

    record Result(List<New> opened, List<Changed> changed, List<StoredFinding> resolved) {}

    private FindingDiff() {}

    static Result diff(Map<CheckId, List<Finding>> found, List<StoredFinding> active, SuppressionIndex suppressions) {
        Map<String, StoredFinding> stored = new HashMap<>();
        for (StoredFinding s : active) {
            stored.put(s.finding().key(), s);
        }
        Map<String, Finding> now = new LinkedHashMap<>();
        for (List<Finding> findings : found.values()) {
            for (Finding f : findings) {
                now.putIfAbsent(f.key(), f);
            }
        }
        List<New> opened = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Finding f : now.values()) {
            Optional<SuppressionRule> rule = suppressions.match(f);
            FindingStatus status = rule.isPresent() ? FindingStatus.SUPPRESSED : FindingStatus.OPEN;
            Optional<Long> ruleId = rule.map(SuppressionRule::id);
            StoredFinding s = stored.get(f.key());
            if (s == null) {
                opened.add(new New(f, status, ruleId));
            } else if (!s.finding().equals(f)
                    || s.status() != status
                    || !Objects.equals(s.suppression().map(StoredFinding.Suppression::id), ruleId)) {
                boolean reopened = s.status() == FindingStatus.SUPPRESSED && status == FindingStatus.OPEN;
                changed.add(new Changed(s, f, status, ruleId, reopened));
            }
        }
        List<StoredFinding> resolved = new ArrayList<>();
        for (StoredFinding s : active) {
            if (found.containsKey(s.finding().check())
                    && !now.containsKey(s.finding().key())) {
                resolved.add(s);
            }
        }
        return new Result(opened, changed, resolved);
    }

    /** Findings whose suppression lapsed (expired or deleted): suppressed by another rule, or open again. */
    static List<Changed> relapse(List<StoredFinding> lapsed, SuppressionIndex suppressions) {
        List<Changed> out = new ArrayList<>();
        for (StoredFinding s : lapsed) {
            Optional<SuppressionRule> rule = suppressions.match(s.finding());
            out.add(new Changed(
                    s,
                    s.finding(),
                    rule.isPresent() ? FindingStatus.SUPPRESSED : FindingStatus.OPEN,
                    rule.map(SuppressionRule::id),
                    rule.isEmpty()));
        }
        return out;
    }
}
