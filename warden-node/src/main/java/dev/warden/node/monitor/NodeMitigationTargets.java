package dev.warden.node.monitor;

import dev.warden.api.GatewayAdmin;
import dev.warden.gateway.BanTarget;
import dev.warden.gateway.MqttGateway;
import dev.warden.kms.KmsException;
import dev.warden.kms.SecretLabel;
import dev.warden.kms.SecretsManager;
import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import dev.warden.monitor.mitigation.MitigationTargets;
import dev.warden.node.gateway.PublishAuditDetail;
import dev.warden.pki.RevocationReason;
import dev.warden.registry.CertificateService;
import dev.warden.registry.Quarantine;
import dev.warden.registry.RegistryException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** The node's side of the monitor's mitigations: registry, gateway and publish path. */
public final class NodeMitigationTargets implements MitigationTargets {
    /** Who the firewall lists as having made the monitor's bans. */
    public static final String BAN_ACTOR = "monitor";

    private final Quarantine quarantine;
    private final CertificateService certificates;
    private final GatewayAdmin firewall;
    private final Supplier<MqttGateway> gateway;
    private final PublishAuditDetail publishDetail;

    public NodeMitigationTargets(
            Quarantine quarantine,
            CertificateService certificates,
            GatewayAdmin firewall,
            Supplier<MqttGateway> gateway,
            PublishAuditDetail publishDetail) {
        this.quarantine = quarantine;
        this.certificates = certificates;
        this.firewall = firewall;
        this.gateway = gateway;
        this.publishDetail = publishDetail;
    }

    /**
     * Reads a webhook's signing secret, by its name, as its CURRENT value (each read is audited by the secrets
     * manager); the value is never logged, and a failure names only the secret and the reason.
     */
    public static Function<String, byte[]> webhookSecrets(SecretsManager secrets) {
        return name -> {
            try {
                return secrets.get(name, SecretLabel.CURRENT).value().bytes();
            } catch (KmsException e) {
                throw new MonitorException(
                        MonitorReason.MITIGATION_FAILED, "secret '" + name + "' cannot be read (" + e.reason() + ")");
            }
        };
    }

    @Override
    public boolean quarantine(String thing) {
        return registry(() -> quarantine.add(thing));
    }

    @Override
    public boolean release(String thing) {
        return registry(() -> quarantine.release(thing));
    }

    @Override
    public int revokeCertificates(String thing) {
        // The monitor saw the key misused, not proven compromised: the thing's privilege is withdrawn.
        return registry(() -> certificates
                .revokeThing(thing, RevocationReason.PRIVILEGE_WITHDRAWN)
                .size());
    }

    @Override
    public int disableThing(String thing) {
        return registry(() -> certificates.deactivateThing(thing).size());
    }

    @Override
    public List<LiveSession> liveSessions(String thing) {
        return running().sessions().sessionsOf(thing).stream()
                .map(s -> new LiveSession(s.clientId(), s.sourceIp()))
                .toList();
    }

    @Override
    public void ban(BanTarget target, Duration duration, String reason) {
        running();
        try {
            firewall.ban(target.kind().label(), target.value(), duration, reason, BAN_ACTOR);
        } catch (IllegalArgumentException e) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "cannot ban " + target + ": " + e.getMessage());
        }
    }

    @Override
    public void raiseAuditDetail(String thing, Duration duration) {
        publishDetail.raise(thing, duration);
    }

    private MqttGateway running() {
        MqttGateway g = gateway.get();
        if (g == null) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, "the MQTT gateway is not running");
        }
        return g;
    }

    private static <T> T registry(Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryException e) {
            throw new MonitorException(MonitorReason.MITIGATION_FAILED, e.getMessage());
        }
    }
}
