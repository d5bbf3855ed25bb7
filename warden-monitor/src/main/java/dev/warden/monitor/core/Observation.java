package dev.warden.monitor.core;

import java.util.Set;

/**
 * One thing the node saw, as the detection engine takes it: an amount added to a metric (a message, a denial, its
 * size), an item seen (a topic, a client ID, an address), a reported value or port set, or a connection opening or
 * closing (for {@code disconnect-duration}). {@code topic} is set for message metrics, so behaviours with a topic
 * filter count only what matches; {@code name} is a custom metric's name.
 */
public record Observation(
        TargetKey target, Metric metric, double amount, String item, Set<Integer> ports, String topic, long atMillis) {

    public static Observation count(TargetKey target, Metric metric, double amount, long at) {
        return new Observation(target, metric, amount, null, null, null, at);
    }

    /** An amount on a message metric, for the message's {@code topic}. */
    public static Observation onTopic(TargetKey target, Metric metric, double amount, String topic, long at) {
        return new Observation(target, metric, amount, null, null, topic, at);
    }

    /** A distinct item (topic, client ID, address) seen. */
    public static Observation item(TargetKey target, Metric metric, String item, long at) {
        return new Observation(target, metric, 0, item, null, null, at);
    }

    /** A device's reported value; for {@link Metric#CUSTOM}, {@code item} is the custom metric's name. */
    public static Observation reported(TargetKey target, Metric metric, String customName, double value, long at) {
        return new Observation(target, metric, value, customName, null, null, at);
    }

    public static Observation ports(TargetKey target, Metric metric, Set<Integer> ports, long at) {
        return new Observation(target, metric, 0, null, Set.copyOf(ports), null, at);
    }

    /** The thing opened a connection ({@code amount} 1) or one closed ({@code amount} -1). */
    public static Observation connection(String thing, boolean opened, long at) {
        return new Observation(
                TargetKey.thing(thing), Metric.DISCONNECT_DURATION, opened ? 1 : -1, null, null, null, at);
    }
}
