package dev.warden.node;

import dev.warden.audit.AuditPrincipal;
import dev.warden.audit.AuditResult;
import dev.warden.audit.NodeAudit;
import dev.warden.firmware.FirmwareService;
import dev.warden.firmware.attestation.AttestationOverMqtt;
import dev.warden.firmware.attestation.AttestationResult;
import dev.warden.firmware.attestation.AttestationService;
import dev.warden.firmware.attestation.AttestingDevices;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.MqttGateway;
import dev.warden.monitor.ObservationSink;
import dev.warden.monitor.core.Metric;
import dev.warden.monitor.core.Observation;
import dev.warden.monitor.core.TargetKey;
import dev.warden.pki.Pem;
import dev.warden.policy.Arn;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateRecord;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Boot attestation in the node: devices' keys and thing types read from the registry (the certificate the device
 * connected with, still active and still the thing's), every verdict audited as {@code iot:AttestBoot} by the thing
 * (what it claimed and the reason, never the token), and every failure counted for monitoring
 * ({@code num-attestation-failures}, watched by the built-in {@code attestation-failure} behaviour).
 */
final class NodeAttestation implements AutoCloseable {
    static final String ACTION = "iot:AttestBoot";

    private final AttestationService service;
    private final AttestationOverMqtt mqtt;

    NodeAttestation(
            Database db,
            FirmwareService firmware,
            NodeAudit audit,
            ObservationSink monitor,
            String region,
            String account,
            Clock clock,
            SecureRandom random) {
        this.service = new AttestationService(db, firmware, region, clock, random);
        String prefix = Arn.prefix("iot", region, account);
        this.mqtt = new AttestationOverMqtt(
                service,
                identity -> device(db, identity),
                (device, result) -> {
                    audit.record(event(audit, prefix, device, result));
                    if (!result.accepted()) {
                        monitor.accept(Observation.count(
                                TargetKey.thing(device.thingName()),
                                Metric.NUM_ATTESTATION_FAILURES,
                                1,
                                clock.millis()));
                    }
                },
                1_000);
    }

    /** Replies go through {@code gateway}. */
    NodeAttestation start(MqttGateway gateway) {
        mqtt.attach(gateway::publishToClient);
        return this;
    }

    AttestationService service() {
        return service;
    }

    AttestationOverMqtt mqtt() {
        return mqtt;
    }

    private static Optional<AttestingDevices.Device> device(Database db, DeviceIdentity identity) {
        return db.read(h -> {
            Optional<CertificateRecord> cert = new CertificateDao(h)
                    .findByFingerprint(identity.sha256Fingerprint().toLowerCase(Locale.ROOT))
                    .filter(c -> c.status() == CertificateStatus.ACTIVE)
                    .filter(c -> identity.thingName().equals(c.thingName()));
            if (cert.isEmpty()) {
                return Optional.empty();
            }
            String type = new ThingDao(h)
                    .find(identity.thingName())
                    .map(t -> t.thingType())
                    .orElse(null);
            return Optional.of(new AttestingDevices.Device(
                    Pem.parseCertificate(cert.get().pem()).getPublicKey(), type));
        });
    }

    private static dev.warden.audit.AuditEvent.Builder event(
            NodeAudit audit, String prefix, DeviceIdentity device, AttestationResult result) {
        var event = audit.event(ACTION)
                .principal(AuditPrincipal.thing(device.thingName(), device.sha256Fingerprint()))
                .resource(prefix + "thing/" + device.thingName())
                .result(result.accepted() ? AuditResult.ALLOW : AuditResult.DENY)
                .detail("reason", result.reason().name());
        if (result.thingType() != null) {
            event.detail("thingType", result.thingType());
        }
        if (result.version() != null) {
            event.detail("version", result.version());
        }
        if (result.digest() != null) {
            event.detail("digest", result.digest());
        }
        return event;
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
