package dev.warden.incident.playbook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A timeline that keeps what it is told; it can be made to refuse intents. */
final class RecordingTimeline implements PlaybookTimeline {
    final List<StepOutcome> steps = new ArrayList<>();
    final List<String> contained = new ArrayList<>();
    final List<RunStatus> ended = new ArrayList<>();
    volatile boolean refuseIntents;

    @Override
    public synchronized void stepRecorded(long incidentId, StepOutcome outcome) {
        if (refuseIntents && outcome.state() == StepState.RUNNING) {
            throw new IllegalStateException("audit trail unavailable");
        }
        steps.add(outcome);
    }

    @Override
    public synchronized void contained(long incidentId, Instant at, String how) {
        contained.add(incidentId + " " + how);
    }

    @Override
    public synchronized void runEnded(long incidentId, long runId, RunStatus status) {
        ended.add(status);
    }
}
