package dev.warden.monitor.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The detection engine: per-target sliding windows fed by {@link #observe}, and one datapoint per behaviour and
 * target at each {@link #evaluate} (the node calls it every second), which raises an alarm after the behaviour's
 * violating datapoints in a row and clears it after its clean ones. Pure and single-threaded: no I/O, no clock, no
 * locks; the caller owns the thread and the time.
 *
 * <p>Memory is bounded per target (fixed-size windows, capped distinct sets), and targets that hold nothing (no
 * traffic in their windows, no active alarm, no learned baseline) are forgotten at the next datapoint.
 */
public final class DetectionEngine {
    private final TargetDirectory directory;
    private final Map<TargetKey, TargetState> targets = new HashMap<>();
    private Rule[] rules = new Rule[0];
    private final Map<Metric, int[]> rulesByMetric = new EnumMap<>(Metric.class);
    /** Per rule: the fleet percentile of the previous datapoint (statistical thresholds), NaN when unknown. */
    private double[] fleet = new double[0];

    public DetectionEngine(TargetDirectory directory) {
        this.directory = directory;
    }

    /**
     * Installs {@code profiles}, replacing the previous set. A behaviour that is unchanged keeps its targets' state
     * (windows, alarms, baselines); returns the keys of active alarms whose behaviour is gone or changed, which the
     * caller should mark invalid.
     */
    public List<AlarmKey> install(List<SecurityProfile> profiles) {
        List<Rule> next = new ArrayList<>();
        for (SecurityProfile p : profiles) {
            for (Behaviour b : p.behaviours()) {
                next.add(new Rule(next.size(), p, b));
            }
        }
        Rule[] old = rules;
        int[] carried = new int[old.length];
        java.util.Arrays.fill(carried, -1);
        for (Rule r : next) {
            for (Rule o : old) {
                if (o.profile().name().equals(r.profile().name())
                        && o.behaviour().equals(r.behaviour())
                        && o.profile().targets().equals(r.profile().targets())) {
                    carried[o.index()] = r.index();
                }
            }
        }
        List<AlarmKey> dropped = new ArrayList<>();
        for (TargetState t : targets.values()) {
            BehaviourState[] states = new BehaviourState[next.size()];
            for (int i = 0; i < old.length; i++) {
                BehaviourState s = t.states[i];
                if (carried[i] >= 0) {
                    states[carried[i]] = s;
                } else if (s != null && s.active) {
                    dropped.add(old[i].key(t.key));
                }
            }
            t.states = states;
        }
        rules = next.toArray(new Rule[0]);
        fleet = new double[rules.length];
        java.util.Arrays.fill(fleet, Double.NaN);
        rulesByMetric.clear();
        for (Metric m : Metric.values()) {
            int[] idx = next.stream()
                    .filter(r -> r.behaviour().metric() == m)
                    .mapToInt(Rule::index)
                    .toArray();
            if (idx.length > 0) {
                rulesByMetric.put(m, idx);
            }
        }
        return dropped;
    }

    /** Adds one observation to the windows of every behaviour that watches its metric for its target. */
    public void observe(Observation o) {
        int[] idx = rulesByMetric.get(o.metric());
        if (idx == null) {
            return;
        }
        TargetState t = target(o.target());
        for (int i : idx) {
            Rule rule = rules[i];
            if (!rule.takes(o)) {
                continue;
            }
            BehaviourState s = t.state(rule);
            if (s != TargetState.NOT_WATCHED) {
                s.window.add(o);
                s.lastObserved = Math.max(s.lastObserved, o.atMillis());
            }
        }
    }

    private TargetState target(TargetKey key) {
        TargetState t = targets.get(key);
        if (t == null) {
            t = new TargetState(key, rules.length);
            targets.put(key, t);
        }
        if (t.membershipsStale) {
            resolve(t);
        }
        return t;
    }

    private void resolve(TargetState t) {
        if (t.key.scope() == MetricScope.THING) {
            t.groups = java.util.Set.copyOf(directory.groupsOf(t.key.name()));
            t.thingType = directory.typeOf(t.key.name()).orElse(null);
        }
        t.membershipsStale = false;
        for (Rule r : rules) {
            BehaviourState s = t.states[r.index()];
            boolean watched = r.watches(t.key.scope(), t.groups, t.thingType);
            if (s == TargetState.NOT_WATCHED && watched) {
                t.states[r.index()] = null;
            } else if (s != null && s != TargetState.NOT_WATCHED && !watched) {
                // Kept while active, so that the alarm can clear rather than vanish.
                if (!s.active) {
                    t.states[r.index()] = TargetState.NOT_WATCHED;
                }
            }
            if (t.states[r.index()] == null && watched && r.evaluatedWithoutObservations()) {
                t.state(r);
            }
        }
    }

    /** Group and type memberships are asked again, at each target's next observation or datapoint. */
    public void refreshMemberships() {
        targets.values().forEach(t -> t.membershipsStale = true);
    }

    /** Takes one datapoint of every watched behaviour of every target; returns the alarms raised and cleared. */
    public List<AlarmTransition> evaluate(long now) {
        List<AlarmTransition> out = new ArrayList<>();
        double[][] samples = new double[rules.length][];
        int[] counts = new int[rules.length];
        Iterator<TargetState> it = targets.values().iterator();
        while (it.hasNext()) {
            TargetState t = it.next();
            if (t.membershipsStale) {
                resolve(t);
            }
            for (Rule r : rules) {
                BehaviourState s = t.states[r.index()];
                if (s == null || s == TargetState.NOT_WATCHED) {
                    continue;
                }
                Judgement j = Judgement.of(r, s, fleet[r.index()], now);
                collect(r, j.value(), samples, counts);
                learn(r, s, j, now);
                step(r, t.key, s, j, now).ifPresent(out::add);
            }
            if (t.idle(now)) {
                it.remove();
            }
        }
        for (Rule r : rules) {
            if (r.behaviour().threshold() instanceof Threshold.Statistical st) {
                double[] v = samples[r.index()];
                fleet[r.index()] =
                        v == null ? Double.NaN : FleetStatistics.percentile(v, counts[r.index()], st.percentile());
            }
        }
        return out;
    }

    private static void collect(Rule r, double value, double[][] samples, int[] counts) {
        if (!(r.behaviour().threshold() instanceof Threshold.Statistical)) {
            return;
        }
        int i = r.index();
        if (samples[i] == null) {
            samples[i] = new double[16];
        } else if (counts[i] == samples[i].length) {
            samples[i] = java.util.Arrays.copyOf(samples[i], counts[i] * 2);
        }
        samples[i][counts[i]++] = value;
    }

    /** One sample per window goes into a learned baseline, unless it violates (an attack is not normal). */
    private static void learn(Rule r, BehaviourState s, Judgement j, long now) {
        if (s.baseline == null) {
            return;
        }
        if (s.lastSample == 0) {
            s.lastSample = now;
            return;
        }
        if (now - s.lastSample >= r.behaviour().window().toMillis()) {
            s.lastSample = now;
            if (!j.violates()) {
                s.baseline.learn(j.value());
            }
        }
    }

    private static Optional<AlarmTransition> step(Rule r, TargetKey key, BehaviourState s, Judgement j, long now) {
        Behaviour b = r.behaviour();
        if (j.violates()) {
            s.clears = 0;
            s.violations = Math.min(s.violations + 1, Behaviour.MAX_DATAPOINTS);
            if (!s.active && s.violations >= b.datapointsToAlarm()) {
                s.active = true;
                return Optional.of(transition(AlarmTransition.Kind.RAISED, r, key, s, j, now));
            }
        } else {
            s.violations = 0;
            if (now < s.holdClearUntil) {
                return Optional.empty();
            }
            s.clears = Math.min(s.clears + 1, Behaviour.MAX_DATAPOINTS);
            if (s.active && s.clears >= b.datapointsToClear()) {
                s.active = false;
                return Optional.of(transition(AlarmTransition.Kind.CLEARED, r, key, s, j, now));
            }
        }
        return Optional.empty();
    }

    private static AlarmTransition transition(
            AlarmTransition.Kind kind, Rule r, TargetKey key, BehaviourState s, Judgement j, long now) {
        long observed = s.lastObserved == 0 ? now : s.lastObserved;
        return new AlarmTransition(kind, r.key(key), r.profile(), r.behaviour(), j.value(), j.detail(), now, observed);
    }

    /**
     * After a restart: the alarm is active, so that it clears (and is not raised twice) by the same rules. Its
     * window was lost with the old process, so it is not cleared before a whole window has been observed again.
     */
    public void restoreActive(AlarmKey key, long now) {
        rule(key).ifPresent(r -> {
            BehaviourState s = target(key.target()).state(r);
            if (s != TargetState.NOT_WATCHED) {
                s.active = true;
                s.holdClearUntil = now + r.behaviour().window().toMillis();
            }
        });
    }

    /** Teaches a learned baseline a value a user judged normal (a benign or false positive). */
    public void learn(AlarmKey key, double value) {
        rule(key).ifPresent(r -> {
            BehaviourState s = target(key.target()).state(r);
            if (s != TargetState.NOT_WATCHED && s.baseline != null) {
                s.baseline.learn(value);
            }
        });
    }

    public List<BaselineSnapshot> baselines() {
        List<BaselineSnapshot> out = new ArrayList<>();
        for (TargetState t : targets.values()) {
            for (Rule r : rules) {
                BehaviourState s = t.states[r.index()];
                if (s != null && s.baseline != null && s.baseline.count() > 0) {
                    LearnedBaseline b = s.baseline;
                    out.add(new BaselineSnapshot(r.key(t.key), b.count(), b.mean(), b.m2()));
                }
            }
        }
        return out;
    }

    public void restoreBaseline(BaselineSnapshot snapshot) {
        rule(snapshot.key()).ifPresent(r -> {
            BehaviourState s = target(snapshot.key().target()).state(r);
            if (s != TargetState.NOT_WATCHED && s.baseline != null) {
                s.baseline = new LearnedBaseline(snapshot.count(), snapshot.mean(), snapshot.m2());
            }
        });
    }

    /** Forgets a deleted target; returns its active alarms, which are now invalid. */
    public List<AlarmKey> forget(TargetKey key) {
        TargetState t = targets.remove(key);
        List<AlarmKey> active = new ArrayList<>();
        if (t != null) {
            for (Rule r : rules) {
                BehaviourState s = t.states[r.index()];
                if (s != null && s.active) {
                    active.add(r.key(key));
                }
            }
        }
        return active;
    }

    /** The current value of one behaviour for one target (0 when nothing was observed). */
    public Optional<Double> value(AlarmKey key, long now) {
        return rule(key).map(r -> {
            TargetState t = targets.get(key.target());
            BehaviourState s = t == null ? null : t.states[r.index()];
            return s == null || s == TargetState.NOT_WATCHED ? 0.0 : s.window.value(now);
        });
    }

    public int targetCount() {
        return targets.size();
    }

    private Optional<Rule> rule(AlarmKey key) {
        for (Rule r : rules) {
            if (r.profile().name().equals(key.profile()) && r.behaviour().name().equals(key.behaviour())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
