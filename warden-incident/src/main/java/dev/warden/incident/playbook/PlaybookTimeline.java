package dev.warden.incident.playbook;

import java.time.Instant;

/**
 * Where a run reports to its incident: implemented by the incident service, which writes each report as an audit
 * event under the incident's ARN (so the playbook's part of the timeline verifies offline) and times containment.
 *
 * <p>The runner calls it with the run's lock held, in order. {@link #stepRecorded} with state
 * {@link StepState#RUNNING} is the step's intent: if it throws, the step does not act (no record, no action), and
 * is recorded failed.
 */
public interface PlaybookTimeline {
    void stepRecorded(long incidentId, StepOutcome outcome);

    /** The run's first containment step (quarantine, revocation, disabled user or CA, ban) took effect. */
    void contained(long incidentId, Instant at, String how);

    /** The run ended ({@link RunStatus#COMPLETED} or {@link RunStatus#INCOMPLETE}). */
    void runEnded(long incidentId, long runId, RunStatus status);

    /** A timeline that records nothing (dry runs, tests). */
    PlaybookTimeline NONE = new PlaybookTimeline() {
        @Override
        public void stepRecorded(long incidentId, StepOutcome outcome) {}

        @Override
        public void contained(long incidentId, Instant at, String how) {}

        @Override
        public void runEnded(long incidentId, long runId, RunStatus status) {}
    };
}
