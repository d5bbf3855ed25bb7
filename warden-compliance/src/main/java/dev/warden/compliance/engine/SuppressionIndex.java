package dev.warden.compliance.engine;

import dev.warden.compliance.core.Finding;
import dev.warden.compliance.store.SuppressionRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suppressions in force, looked up per finding: exact ones (a finding's check and resource, as "suppress" and
 * "baseline" make them) by key, patterns in order. A baseline over a large fleet makes one suppression per finding,
 * so lookups must not scan them all.
 */
final class SuppressionIndex {
    private final Map<String, SuppressionRule> exact = new HashMap<>();
    private final List<SuppressionRule> patterns = new ArrayList<>();
    private final Instant now;

    /** @param rules the unexpired suppressions, oldest first (the oldest match is the one a finding names) */
    SuppressionIndex(List<SuppressionRule> rules, Instant now) {
        this.now = now;
        for (SuppressionRule r : rules) {
            if (r.check().isPresent() && r.resource().indexOf('*') < 0) {
                exact.putIfAbsent(r.check().get().name() + " " + r.resource(), r);
            } else {
                patterns.add(r);
            }
        }
    }

    Optional<SuppressionRule> match(Finding finding) {
        SuppressionRule hit = exact.get(finding.key());
        if (hit != null && hit.matches(finding, now)) {
            for (SuppressionRule p : patterns) {
                if (p.id() < hit.id() && p.matches(finding, now)) {
                    return Optional.of(p);
                }
            }
            return Optional.of(hit);
        }
        return patterns.stream().filter(p -> p.matches(finding, now)).findFirst();
    }
}
