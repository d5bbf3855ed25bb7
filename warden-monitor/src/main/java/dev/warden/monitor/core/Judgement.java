package dev.warden.monitor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether one datapoint violates its behaviour, and in what words. */
record Judgement(boolean violates, double value, String detail) {

    static Judgement of(Rule rule, BehaviourState s, double fleetValue, long now) {
        Behaviour b = rule.behaviour();
        Threshold t = b.threshold();
        if (t instanceof Threshold.Cidrs cidrs) {
            List<String> offending = new ArrayList<>();
            for (String a : ((DistinctWindow) s.window).items(now)) {
                if (cidrs.contains(a) == (b.operator() == Operator.IN_CIDR_SET)) {
                    offending.add(a);
                }
            }
            return new Judgement(!offending.isEmpty(), offending.size(), describe("addresses", offending));
        }
        if (t instanceof Threshold.Ports ports) {
            List<String> offending = new ArrayList<>();
            for (int p : ((LatestPorts) s.window).ports()) {
                if (ports.ports().contains(p) == (b.operator() == Operator.IN_PORT_SET)) {
                    offending.add(Integer.toString(p));
                }
            }
            offending.sort(null);
            return new Judgement(!offending.isEmpty(), offending.size(), describe("ports", offending));
        }
        double value = s.window.value(now);
        double bound;
        if (t instanceof Threshold.Value v) {
            bound = v.value();
        } else if (t instanceof Threshold.Statistical) {
            bound = fleetValue;
        } else {
            Threshold.Learned l = (Threshold.Learned) t;
            bound = s.baseline.ready(l.minDatapoints())
                    ? s.baseline.bound(b.operator().upward(), l.sigmas())
                    : Double.NaN;
        }
        if (Double.isNaN(bound)) {
            return new Judgement(false, value, "not enough data");
        }
        boolean violates = b.operator().violates(value, bound);
        return new Judgement(violates, value, number(value) + " " + b.operator().id() + " " + number(bound));
    }

    private static String describe(String what, List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        List<String> shown = items.size() > 5 ? items.subList(0, 5) : items;
        return items.size() + " " + what + ": " + String.join(", ", shown) + (items.size() > 5 ? ", ..." : "");
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
