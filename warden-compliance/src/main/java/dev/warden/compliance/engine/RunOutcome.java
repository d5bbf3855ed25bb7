package dev.warden.compliance.engine;

import dev.warden.compliance.core.StoredFinding;
import dev.warden.compliance.store.RunRecord;
import java.util.List;

/** A finished run: its record, and the findings it opened and resolved (as stored). */
public record RunOutcome(RunRecord run, List<StoredFinding> opened, List<StoredFinding> resolved) {
    public RunOutcome {
        opened = List.copyOf(opened);
        resolved = List.copyOf(resolved);
    }
}
