package dev.warden.console;

import dev.warden.audit.NodeAudit;
import dev.warden.audit.store.AuditStore;
import dev.warden.firmware.attestation.AttestationService;
import dev.warden.iam.UserService;
import dev.warden.region.service.Regions;
import dev.warden.registry.CertificateService;
import dev.warden.registry.PolicyService;
import dev.warden.storage.Database;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console works with, as the node built it: the capabilities' services and stores (the console calls the
 * same services as the API's handlers, the monitor's included), the audit trail and its public keys, the node's live state, the incident services, compliance's service,
 * the KMS, secrets and buckets, the node's regions (empty without region links), boot attestation, and the clock.
 */
public record ConsoleServices(
        Database database,
        UserService users,
        CertificateService certificates,
        PolicyService policies,
        MonitorServices monitor,
        NodeAudit audit,
        AuditStore auditStore,
        Supplier<List<PublicKey>> trailKeys,
        ConsoleSources sources,
        IncidentServices incidents,
        ComplianceServices compliance,
        VaultServices vault,
        Supplier<Optional<Regions>> regions,
        AttestationService attestation,
        Clock clock) {
    public ConsoleServices {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(auditStore, "auditStore");
        Objects.requireNonNull(trailKeys, "trailKeys");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(attestation, "attestation");
        Objects.requireNonNull(clock, "clock");
    }
}
