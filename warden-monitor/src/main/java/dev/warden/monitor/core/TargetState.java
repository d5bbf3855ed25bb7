package dev.warden.monitor.core;

import java.util.Set;

/** Everything the engine keeps about one target: which rules watch it and each rule's state. */
final class TargetState {
    /** Marks a rule that does not watch this target (its profile targets other things). */
    static final BehaviourState NOT_WATCHED = new BehaviourState(new Behaviour(
            "-",
            Metric.NUM_MESSAGES_SENT,
            null,
            Severity.LOW,
            Operator.GREATER_THAN,
            new Threshold.Value(0),
            Behaviour.MIN_WINDOW,
            1,
            1,
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.Optional.empty()));

    final TargetKey key;
    Set<String> groups = Set.of();
    String thingType;
    BehaviourState[] states;
    boolean membershipsStale = true;

    TargetState(TargetKey key, int rules) {
        this.key = key;
        this.states = new BehaviourState[rules];
    }

    /** The rule's state, created on first use; {@link #NOT_WATCHED} when the rule's profile does not target this. */
    BehaviourState state(Rule rule) {
        BehaviourState s = states[rule.index()];
        if (s == null) {
            s = rule.watches(key.scope(), groups, thingType) ? new BehaviourState(rule.behaviour()) : NOT_WATCHED;
            states[rule.index()] = s;
        }
        return s;
    }

    boolean idle(long now) {
        for (BehaviourState s : states) {
            if (s != null && s != NOT_WATCHED && !s.idle(now)) {
                return false;
            }
        }
        return true;
    }
}
