package dev.warden.monitor.mitigation;

import dev.warden.gateway.BanTarget;
import java.time.Duration;
import java.util.List;

/**
 * What mitigations act on: the registry and the gateway, implemented by the node (the monitor depends on neither
 * the registry nor the node). Every method either carries its action out or throws; it never reports success for
 * something it did not do. A {@link dev.warden.monitor.MonitorException} carries a message fit for the trail and
 * the API; any other exception is reported as an internal error, its message kept to the log.
 */
public interface MitigationTargets {
    /**
     * Adds the thing to the quarantine thing group, whose policy leaves it only its remediation topics, from its next
     * packet on; false if it was in quarantine already.
     */
    boolean quarantine(String thing);

    /** Takes the thing out of the quarantine group; false if it was not in it. */
    boolean release(String thing);

    /** Revokes the thing's certificates that are not revoked yet (its live sessions are cut); returns how many. */
    int revokeCertificates(String thing);

    /** Deactivates the thing's active certificates (reversible; its live sessions are cut); returns how many. */
    int disableThing(String thing);

    /** The thing's live MQTT sessions now: their client IDs and source addresses. */
    List<LiveSession> liveSessions(String thing);

    /** Bans {@code target} at the gateway's firewall for {@code duration}; the ban is kept across a restart. */
    void ban(BanTarget target, Duration duration, String reason);

    /**
     * Until {@code duration} has passed, every PUBLISH the thing makes is recorded in the audit trail as its own
     * iot:Publish event (topic, size, QoS), not only in the per-minute traffic summary.
     */
    void raiseAuditDetail(String thing, Duration duration);

    /** One live session of a thing. */
    record LiveSession(String clientId, String sourceIp) {}
}
