package dev.warden.node.gateway;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.MessageCounters;
import dev.warden.gateway.SessionRegistry;
import dev.warden.gateway.SessionRegistry.ConnectionTraffic;
import java.util.HashMap;
import java.util.Map;

/**
 * Allowed publishes are not recorded one by one: once a minute each connected device's traffic since the last
 * summary (messages and bytes, in and out) goes to the audit trail as one {@code iot:TrafficSummary} event, with the
 * distinct topics it published to ({@code published}) and the filters it was granted ({@code subscribed}), each a
 * JSON array of at most {@link #MAX_TOPICS} (then {@code topicsTruncated} is true), and the ARN prefix they live
 * under ({@code arnPrefix}): what {@code policy generate} turns into iot:Publish, iot:Subscribe and iot:Receive.
 * Denials, connects and disconnects (with their totals) are recorded as they happen elsewhere. Topics of a connection
 * that ended since the last summary are not included.
 */
public final class TrafficSummaries {
    /** Distinct topics, and filters, per thing and summary. */
    public static final int MAX_TOPICS = 200;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final SessionRegistry sessions;
    private final NodeAudit audit;
    private final String arnPrefix;
    private Map<Object, ConnectionTraffic> previous = Map.of();

    /** @param arnPrefix {@code arn:warden:iot:<region>:<account>:}, under which topics and filters are named */
    public TrafficSummaries(SessionRegistry sessions, NodeAudit audit, String arnPrefix) {
        this.sessions = sessions;
        this.audit = audit;
        this.arnPrefix = arnPrefix;
    }

    /** Records one summary per device that carried traffic since the last call; returns how many. */
    public synchronized int flush() {
        Map<Object, ConnectionTraffic> now = sessions.traffic();
        Map<String, long[]> byThing = new HashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
        Map<String, java.util.TreeSet<String>> published = new HashMap<>();
        Map<String, java.util.TreeSet<String>> subscribed = new HashMap<>();
        Map<String, Boolean> truncated = new HashMap<>();
        now.forEach((connection, traffic) -> {
            ConnectionTraffic before = previous.get(connection);
            MessageCounters c = traffic.counters();
            MessageCounters b = before == null ? new MessageCounters(0, 0, 0, 0) : before.counters();
            long[] sum = byThing.computeIfAbsent(traffic.identity().thingName(), k -> new long[4]);
            sum[0] += c.messagesIn() - b.messagesIn();
            sum[1] += c.bytesIn() - b.bytesIn();
            sum[2] += c.messagesOut() - b.messagesOut();
            sum[3] += c.bytesOut() - b.bytesOut();
            fingerprints.put(traffic.identity().thingName(), traffic.identity().sha256Fingerprint());
            String thing = traffic.identity().thingName();
            if (addBounded(
                                    published.computeIfAbsent(thing, k -> new java.util.TreeSet<>()),
                                    traffic.topics().published())
                            | addBounded(
                                    subscribed.computeIfAbsent(thing, k -> new java.util.TreeSet<>()),
                                    traffic.topics().subscribed())
                    || traffic.topics().published().size() >= dev.warden.gateway.ObservedTopics.MAX
                    || traffic.topics().subscribed().size() >= dev.warden.gateway.ObservedTopics.MAX) {
                truncated.put(thing, true);
            }
        });
        previous = now;
        int recorded = 0;
        for (Map.Entry<String, long[]> e : byThing.entrySet()) {
            long[] s = e.getValue();
            java.util.TreeSet<String> pub = published.get(e.getKey());
            java.util.TreeSet<String> sub = subscribed.get(e.getKey());
            boolean topics = !pub.isEmpty() || !sub.isEmpty();
            if (s[0] == 0 && s[2] == 0 && !topics) {
                continue;
            }
            var event = audit.event("iot:TrafficSummary")
                    .principal(AuditPrincipal.thing(e.getKey(), fingerprints.get(e.getKey())))
                    .result(AuditResult.ALLOW)
                    .detail("messagesIn", s[0])
                    .detail("bytesIn", s[1])
                    .detail("messagesOut", s[2])
                    .detail("bytesOut", s[3]);
            if (topics) {
                event.detail("arnPrefix", arnPrefix)
                        .detail("published", json(pub))
                        .detail("subscribed", json(sub));
                if (truncated.containsKey(e.getKey())) {
                    event.detail("topicsTruncated", true);
                }
            }
            audit.record(event);
            recorded++;
        }
        return recorded;
    }

    /** Adds up to {@link #MAX_TOPICS}; true if some did not fit. */
    private static boolean addBounded(java.util.TreeSet<String> into, java.util.List<String> values) {
        boolean dropped = false;
        for (String v : values) {
            if (into.size() >= MAX_TOPICS && !into.contains(v)) {
                dropped = true;
            } else {
                into.add(v);
            }
        }
        return dropped;
    }

    private static String json(java.util.Set<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
