package dev.warden.compliance.engine;

import dev.warden.compliance.core.Finding;
import dev.warden.compliance.store.RunRecord;

/**
 * Who hears about a run once it is written: the audit trail on a node ({@link ComplianceAudit}), a recorder in
 * tests. Called on the worker thread after the run's transaction committed; must not block.
 */
public interface ComplianceEvents {
    /** A finding the run found for the first time ({@code why} = new) or that a lapsed suppression no longer hides. */
    void opened(long id, Finding finding, String status, String why);

    void resolved(long id, Finding finding);

    void runCompleted(RunRecord run);
}
