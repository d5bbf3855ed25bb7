package dev.warden.node;

import dev.warden.audit.AuditKeys;
import dev.warden.buckets.BucketStore;
import dev.warden.firmware.FirmwareService;
import dev.warden.gateway.MqttGateway;
import dev.warden.region.service.Regions;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Monitoring, boot attestation, the registry, continuous compliance and incident response, started in that order.
 * Each is kept as soon as it has started, so that {@link #close()} after a failed {@link #start} closes exactly what
 * was started.
 */
final class NodeSecurityServices implements AutoCloseable {
    /** What the services are built on, and what they read of parts started after them (through suppliers). */
    record Parts(
            NodeStorage storage,
            FirmwareService firmware,
            BucketStore buckets,
            Supplier<MqttGateway> gateway,
            Supplier<Regions> regions) {}

    private NodeMonitor monitor;
    private NodeAttestation attestation;
    private NodeRegistry registry;
    private NodeCompliance compliance;
    private NodeIncidents incidents;

    NodeSecurityServices start(
            dev.warden.node.config.WardenConfig config,
            Parts parts,
            ScheduledExecutorService scheduler,
            SecureRandom random,
            Clock clock) {
        NodeStorage storage = parts.storage();
        monitor = new NodeMonitor(
                        config.monitor(), storage.database(), storage.audit(), config.region(), config.account(), clock)
                .start(scheduler);
        attestation = new NodeAttestation(
                storage.database(),
                parts.firmware(),
                storage.audit(),
                monitor.sink(),
                config.region(),
                config.account(),
                clock,
                random);
        registry = NodeRegistry.start(config, storage.database(), storage.hierarchy(), storage.audit(), random, clock);
        NodeAuditTrail auditTrail = storage.auditTrail();
        Supplier<List<PublicKey>> auditKeys = () -> auditTrail.keys().list().keys().stream()
                .map(AuditKeys.Key::publicKey)
                .toList();
        compliance = NodeCompliance.start(
                new NodeCompliance.Parts(
                        config,
                        storage.layout(),
                        storage.database(),
                        storage.audit(),
                        storage.hierarchy(),
                        registry.clientTrust(),
                        parts.buckets(),
                        auditKeys,
                        parts.gateway(),
                        parts.regions()),
                scheduler,
                clock);
        incidents = NodeIncidents.start(config, storage.database(), storage.audit(), auditTrail.store(), clock);
        monitor.watch(incidents::onAlarms);
        return this;
    }

    NodeMonitor monitor() {
        return monitor;
    }

    NodeAttestation attestation() {
        return attestation;
    }

    NodeRegistry registry() {
        return registry;
    }

    NodeCompliance compliance() {
        return compliance;
    }

    NodeIncidents incidents() {
        return incidents;
    }

    /** Attestation first (it listens on the gateway), then monitoring, compliance and incident response. */
    @Override
    public void close() {
        if (attestation != null) {
            attestation.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (compliance != null) {
            compliance.close();
        }
        if (incidents != null) {
            incidents.close();
        }
    }
}
