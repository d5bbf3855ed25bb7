package dev.warden.node.gateway;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.AcceptedPublish;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raised audit detail (a monitor mitigation): while a thing's detail is raised, every PUBLISH the gateway accepts
 * from it goes to the audit trail as its own {@code iot:Publish} event (topic, size, QoS, retain, client ID), on top
 * of the per-minute {@link TrafficSummaries}. Never the payload: it is device data.
 *
 * <p>Called on the broker thread for every accepted PUBLISH, so it must cost nothing when no detail is raised (an
 * empty-map check) and never block: the trail's {@code record} queues or drops and counts. Expired entries are
 * removed by the first publish that finds them expired.
 */
public final class PublishAuditDetail {
    private final Map<String, Long> untilMillis = new ConcurrentHashMap<>();
    private final NodeAudit audit;
    private final String arnPrefix;
    private final Clock clock;

    /** @param arnPrefix {@code arn:warden:iot:<region>:<account>:}, under which topics are named */
    public PublishAuditDetail(NodeAudit audit, String arnPrefix, Clock clock) {
        this.audit = audit;
        this.arnPrefix = arnPrefix;
        this.clock = clock;
    }

    /** Raises the thing's detail for {@code duration} from now (a longer raise already in force is kept). */
    public void raise(String thing, Duration duration) {
        untilMillis.merge(thing, clock.millis() + duration.toMillis(), Math::max);
    }

    /** Whether the thing's detail is raised now. */
    public boolean raised(String thing) {
        Long until = untilMillis.get(thing);
        return until != null && clock.millis() <= until;
    }

    /** Records the publish if its thing's detail is raised. */
    public void onPublish(AcceptedPublish publish) {
        if (untilMillis.isEmpty()) {
            return;
        }
        String thing = publish.identity().thingName();
        Long until = untilMillis.get(thing);
        if (until == null) {
            return;
        }
        if (publish.receivedAtMillis() > until) {
            untilMillis.remove(thing, until);
            return;
        }
        audit.record(audit.event("iot:Publish")
                .principal(AuditPrincipal.thing(thing, publish.identity().sha256Fingerprint()))
                .resource(arnPrefix + "topic/" + publish.topic())
                .result(AuditResult.ALLOW)
                .detail("topic", publish.topic())
                .detail("size", publish.payload().length)
                .detail("qos", publish.qos())
                .detail("retain", publish.retain())
                .detail("clientId", publish.clientId())
                .detail("auditDetail", "raised"));
    }
}
