package dev.warden.monitor.mitigation;

import dev.warden.gateway.BanTarget;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.core.MetricScope;
import dev.warden.monitor.core.TargetKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out one mitigation (notification aside) through the node's {@link MitigationTargets} and says what it did,
 * in words for the mitigation's row and the trail. Throws {@link MonitorException} with {@code MITIGATION_FAILED}
 * when there is nothing it can act on (a ban of a thing's address when no session of it is live).
 */
final class MitigationActions {
    private final MitigationTargets targets;
    private final MitigationSettings settings;

    MitigationActions(MitigationTargets targets, MitigationSettings settings) {
        this.targets = targets;
        this.settings = settings;
    }

    /** Runs the request's action (its scope was checked); returns what was done. */
    String carryOut(MitigationRequest request) {
        TargetKey target = request.alarm().target();
        String thing = target.name();
        return switch (request.action()) {
            case QUARANTINE ->
                targets.quarantine(thing) ? "quarantined " + thing : thing + " was in quarantine already";
            case REVOKE_CERTIFICATE -> "revoked " + targets.revokeCertificates(thing) + " certificate(s) of " + thing;
            case DISABLE_THING -> "deactivated " + targets.disableThing(thing) + " certificate(s) of " + thing;
            case BAN_SOURCE_IP -> banSourceIp(target, reason(request));
            case BAN_CLIENT_ID -> banClientIds(thing, reason(request));
            case RAISE_AUDIT_DETAIL -> {
                targets.raiseAuditDetail(thing, settings.auditDetailFor());
                yield "every publish of " + thing + " is audited for " + settings.auditDetailFor();
            }
            case NOTIFY -> throw new IllegalStateException("notifications are delivered by the webhook notifier");
        };
    }

    /** The target's address, or the addresses the thing's live sessions come from. */
    private String banSourceIp(TargetKey target, String reason) {
        Set<String> addresses = new LinkedHashSet<>();
        if (target.scope() == MetricScope.SOURCE_IP) {
            addresses.add(target.name());
        } else {
            targets.liveSessions(target.name()).forEach(s -> addresses.add(s.sourceIp()));
        }
        if (addresses.isEmpty()) {
            throw new MonitorException(
                    MonitorReason.MITIGATION_FAILED,
                    "no live session of " + target.name() + ": its source address is not known");
        }
        List<BanTarget> bans = new ArrayList<>();
        for (String address : addresses) {
            try {
                bans.add(BanTarget.ip(address));
            } catch (IllegalArgumentException e) {
                throw new MonitorException(
                        MonitorReason.MITIGATION_FAILED, "'" + address + "' is not an IP address that can be banned");
            }
        }
        bans.forEach(b -> targets.ban(b, settings.banDuration(), reason));
        return "banned " + String.join(", ", addresses) + " for " + settings.banDuration();
    }

    /** The thing's live client IDs; with no live session, the thing itself (whatever client ID it comes with). */
    private String banClientIds(String thing, String reason) {
        Set<String> clientIds = new LinkedHashSet<>();
        targets.liveSessions(thing).forEach(s -> clientIds.add(s.clientId()));
        if (clientIds.isEmpty()) {
            targets.ban(BanTarget.thing(thing), settings.banDuration(), reason);
            return "no live session of " + thing + ": banned the thing for " + settings.banDuration();
        }
        clientIds.forEach(id -> targets.ban(BanTarget.clientId(id), settings.banDuration(), reason));
        return "banned client ID(s) " + String.join(", ", clientIds) + " for " + settings.banDuration();
    }

    /** The ban's reason as the firewall lists it: the alarm that caused it. */
    private static String reason(MitigationRequest request) {
        return "monitor alarm " + request.alarmId() + " (" + request.alarm().behaviour() + ")";
    }
}
