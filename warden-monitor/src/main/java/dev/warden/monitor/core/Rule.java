package dev.warden.monitor.core;

import dev.warden.gateway.TopicFilters;

/** A behaviour of an installed profile, numbered so that per-target state is a plain array. */
record Rule(int index, SecurityProfile profile, Behaviour behaviour) {

    boolean takes(Observation o) {
        Behaviour b = behaviour;
        if (b.metric() == Metric.CUSTOM && !b.customName().equals(o.item())) {
            return false;
        }
        return b.topicFilter().isEmpty()
                || o.topic() != null && TopicFilters.matches(b.topicFilter().get(), o.topic());
    }

    boolean watches(MetricScope scope, java.util.Set<String> groups, String thingType) {
        for (ProfileTarget t : profile.targets()) {
            if (t.matches(scope, groups, thingType)) {
                return true;
            }
        }
        return false;
    }

    /** Rules that must be evaluated even before anything was observed: a silent device violates "less-than". */
    boolean evaluatedWithoutObservations() {
        Operator op = behaviour.operator();
        return op == Operator.LESS_THAN || op == Operator.LESS_THAN_EQUALS;
    }

    AlarmKey key(TargetKey target) {
        return new AlarmKey(profile.name(), behaviour.name(), target);
    }
}
