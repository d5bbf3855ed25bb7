package dev.warden.node.gateway;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.gateway.MessageCounters;
import dev.warden.gateway.SessionRegistry;
import dev.warden.gateway.SessionRegistry.ConnectionTraffic;
import dev.warden.audit.NodeAudit;
import java.util.HashMap;
import java.util.Map;

/**
 * Allowed publishes are not recorded one by one: once a minute each connected device's traffic since the last
 * summary (messages and bytes, in and out) goes to the audit trail as one {@code iot:TrafficSummary} event.
 * Denials, connects and disconnects (with their totals) are recorded as they happen elsewhere.
 */
public final class TrafficSummaries {
    private final SessionRegistry sessions;
    private final NodeAudit audit;
    private Map<Object, ConnectionTraffic> previous = Map.of();

    public TrafficSummaries(SessionRegistry sessions, NodeAudit audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Records one summary per device that carried traffic since the last call; returns how many. */
    public synchronized int flush() {
        Map<Object, ConnectionTraffic> now = sessions.traffic();
        Map<String, long[]> byThing = new HashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
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
        });
        previous = now;
        int recorded = 0;
        for (Map.Entry<String, long[]> e : byThing.entrySet()) {
            long[] s = e.getValue();
            if (s[0] == 0 && s[2] == 0) {
                continue;
            }
            audit.record(audit.event("iot:TrafficSummary")
                    .principal(AuditPrincipal.thing(e.getKey(), fingerprints.get(e.getKey())))
                    .result(AuditResult.ALLOW)
                    .detail("messagesIn", s[0]).detail("bytesIn", s[1]).detail("messagesOut", s[2]).detail("bytesOut", s[3]));
            recorded++;
        }
        return recorded;
    }
}
