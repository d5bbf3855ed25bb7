package dev.warden.monitor.core;

/** One target's state for one rule: its window, its datapoint run, whether its alarm is active, its baseline. */
final class BehaviourState {
    final MetricWindow window;
    int violations;
    int clears;
    boolean active;
    LearnedBaseline baseline;
    long lastSample;
    long lastObserved;
    /** After a restart, an active alarm is not cleared before this time (its window was lost). */
    long holdClearUntil;

    BehaviourState(Behaviour behaviour) {
        this.window = MetricWindow.of(behaviour);
        if (behaviour.threshold() instanceof Threshold.Learned) {
            baseline = new LearnedBaseline();
        }
    }

    boolean idle(long now) {
        return !active && window.idle(now) && (baseline == null || baseline.count() == 0);
    }
}
