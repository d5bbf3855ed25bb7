package dev.warden.node.gateway;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.BanTarget;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.DisconnectCause;
import dev.warden.gateway.GatewayEvents;
import dev.warden.gateway.MessageCounters;
import dev.warden.policy.Arn;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Sends the gateway's security events to the audit trail without ever blocking the data plane: connects,
 * disconnects (with the session's message and byte counters), session take-overs, failed handshakes, refused certificates, every
 * authorization denial, devices sent to another region, every connection the firewall refused and every ban.
 */
public final class AuditedGatewayEvents implements GatewayEvents {
    private final NodeAudit audit;
    private final String region;
    private final String account;

    public AuditedGatewayEvents(NodeAudit audit, String region, String account) {
        this.audit = audit;
        this.region = region;
        this.account = account;
    }

    private String client(String clientId) {
        return clientId == null || clientId.isEmpty()
                ? null
                : Arn.of("iot", region, account, "client/" + clientId).toString();
    }

    /**
     * The device; a failed-over region's device served here is named by its ARN in its home region, as a device sent
     * home is, so that the trail never mistakes it for a thing of this region.
     */
    private AuditPrincipal principal(DeviceIdentity identity) {
        if (identity == null) {
            return AuditPrincipal.ANONYMOUS;
        }
        if (identity.isGuest()) {
            return new AuditPrincipal(
                    "thing",
                    Arn.of("iot", identity.homeRegion(), account, "thing/" + identity.thingName())
                            .toString(),
                    identity.sha256Fingerprint());
        }
        return AuditPrincipal.thing(identity.thingName(), identity.sha256Fingerprint());
    }

    @Override
    public void connected(DeviceIdentity identity, String clientId, String sourceIp, String protocol) {
        audit.record(audit.event("iot:Connect")
                .principal(principal(identity))
                .sourceIp(sourceIp)
                .resource(client(clientId))
                .result(AuditResult.ALLOW)
                .detail("protocol", protocol)
                .detail("serial", identity.serialHex()));
    }

    @Override
    public void disconnected(
            DeviceIdentity identity, String clientId, DisconnectCause cause, MessageCounters counters) {
        var event = audit.event("iot:Disconnect")
                .principal(principal(identity))
                .resource(client(clientId))
                .result(AuditResult.ALLOW)
                .detail("cause", cause);
        if (counters != null) {
            event.detail("messagesIn", counters.messagesIn())
                    .detail("bytesIn", counters.bytesIn())
                    .detail("messagesOut", counters.messagesOut())
                    .detail("bytesOut", counters.bytesOut());
        }
        audit.record(event);
    }

    /**
     * One event per take-over, as iot:SessionTakenOver by the thing that connected, on the client ID: both things,
     * both source addresses and both certificate serials, which is what monitoring's "conflicting client IDs" (two
     * certificates, one client ID) and "shared certificate" (one serial, two addresses) checks read.
     */
    @Override
    public void sessionTakenOver(
            String clientId,
            DeviceIdentity previous,
            String previousSourceIp,
            DeviceIdentity next,
            String nextSourceIp) {
        var event = audit.event("iot:SessionTakenOver")
                .principal(principal(next))
                .sourceIp(nextSourceIp)
                .resource(client(clientId))
                .result(AuditResult.ALLOW)
                .detail("clientId", clientId)
                .detail("previousSourceIp", previousSourceIp);
        if (next != null) {
            event.detail("thing", next.thingName()).detail("serial", next.serialHex());
        }
        if (previous != null) {
            event.detail("previousThing", previous.thingName()).detail("previousSerial", previous.serialHex());
        }
        audit.record(event);
    }

    @Override
    public void tlsHandshakeFailed(String sourceIp, String reason) {
        audit.record(audit.event("iot:TlsHandshake")
                .principal(AuditPrincipal.ANONYMOUS)
                .sourceIp(sourceIp)
                .result(AuditResult.DENY)
                .detail("reason", reason));
    }

    @Override
    public void authenticationFailed(
            String sourceIp,
            String clientId,
            String certificateSerialHex,
            AuthenticationResult.RejectionReason reason,
            String detail) {
        audit.record(audit.event("iot:Connect")
                .principal(AuditPrincipal.ANONYMOUS)
                .sourceIp(sourceIp)
                .resource(client(clientId))
                .result(AuditResult.DENY)
                .detail("reason", reason)
                .detail("serial", certificateSerialHex)
                .detail("detail", detail));
    }

    /**
     * A device served elsewhere (another region's): iot:Connect denied, with the reason, where it was sent, and as
     * principal the device its certificate names in its home region (an ARN, never taken for a thing of this one).
     */
    @Override
    public void connectRedirected(
            String sourceIp, String clientId, String certificateSerialHex, AuthenticationResult.Redirected redirect) {
        var event = audit.event("iot:Connect")
                .principal(new AuditPrincipal("thing", redirect.device(), null))
                .sourceIp(sourceIp)
                .resource(client(clientId))
                .result(AuditResult.DENY)
                .detail("reason", redirect.reason())
                .detail("serial", certificateSerialHex)
                .detail("serverReference", redirect.serverReference())
                .details(redirect.details());
        audit.record(event);
    }

    @Override
    public void authorizationDenied(
            DeviceIdentity identity, String clientId, String action, String resource, String explanation) {
        audit.record(audit.event(action)
                .principal(principal(identity))
                .resource(resource)
                .result(AuditResult.DENY)
                .detail("clientId", clientId)
                .detail("explanation", explanation));
    }

    @Override
    public void connectionRefused(InetSocketAddress source, String reason) {
        audit.record(audit.event("iot:ConnectionRefused")
                .principal(AuditPrincipal.ANONYMOUS)
                .sourceIp(source == null ? null : source.getHostString())
                .result(AuditResult.DENY)
                .detail("reason", reason));
    }

    /**
     * Automatic bans: {@code iot:BanSourceIp}, {@code iot:BanClientId} or {@code iot:BanThing}. An operator's ban or
     * unban is recorded by the admin route that made it ({@code iot:CreateBan}, {@code iot:DeleteBan}, with the
     * operator as principal), so it is not recorded twice here.
     */
    @Override
    public void banned(BanTarget target, Duration duration, String reason, boolean manual) {
        if (manual) {
            return;
        }
        String action = switch (target.kind()) {
            case IP -> "iot:BanSourceIp";
            case CLIENT_ID -> "iot:BanClientId";
            case THING -> "iot:BanThing";
        };
        var event = audit.event(action)
                .principal(AuditPrincipal.SYSTEM)
                .result(AuditResult.DENY)
                .detail("seconds", duration.toSeconds())
                .detail("reason", reason);
        audit.record(target(event, target));
    }

    /** Every expiry is recorded as {@code iot:BanExpired}. */
    @Override
    public void banLifted(BanTarget target, boolean expired) {
        if (!expired) {
            return;
        }
        audit.record(target(
                audit.event("iot:BanExpired").principal(AuditPrincipal.SYSTEM).result(AuditResult.ALLOW), target));
    }

    private dev.warden.audit.AuditEvent.Builder target(dev.warden.audit.AuditEvent.Builder event, BanTarget target) {
        return switch (target.kind()) {
            case IP -> event.sourceIp(target.value()).detail("ip", target.value());
            case CLIENT_ID -> event.resource(client(target.value())).detail("clientId", target.value());
            case THING ->
                event.resource(Arn.of("iot", region, account, "thing/" + target.value())
                                .toString())
                        .detail("thing", target.value());
        };
    }

    @Override
    public void subscribed(String clientId, String topicFilter, int grantedQos) {
        audit.record(audit.event("iot:Subscribe")
                .resource(Arn.of("iot", region, account, "topicfilter/" + topicFilter)
                        .toString())
                .principal(new AuditPrincipal("thing", clientId, null))
                .result(AuditResult.ALLOW)
                .detail("qos", grantedQos));
    }
}
