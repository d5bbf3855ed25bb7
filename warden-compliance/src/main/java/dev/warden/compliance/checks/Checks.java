package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every check, one per {@link CheckId}: the catalogue and its implementations agree (a test holds them to it). */
public final class Checks {
    private static final Map<CheckId, Check> ALL = new EnumMap<>(CheckId.class);

    static {
        for (Check c : List.of(
                new CaCertificateExpiring(),
                new DeviceCertificateExpiring(),
                new DeviceCertificateAge(),
                new DeviceCertificateKeyQuality(),
                new CaCertificateKeyQuality(),
                new DeviceCertificateShared(),
                new ConflictingClientIds(),
                new FirmwareUnreleasedOrRevoked(),
                new RevokedDeviceCertificateStillActive(),
                new RevokedCaCertificateStillActive(),
                new IntermediateCaRevokedForActiveDeviceCertificates(),
                new IotPolicyOverlyPermissive(),
                new IotPolicyPotentialMisconfiguration(),
                new IamPolicyAdminWildcard(),
                new IamPolicyServiceFullAccess(),
                new IamUserWithoutMfa(),
                new UnusedCredential(),
                new BucketPublic(),
                new KmsKeyRotationOverdue(),
                new SecretRotationOverdue(),
                new MasterKeyPassphraseOnNode(),
                new CaKeyNotInHsm(),
                new AuditChainBroken(),
                new AuditDigestStale(),
                new TlsPolicyWeak(),
                new AdminCredentialBootstrapInUse(),
                new MonitoringDisabled(),
                new DataResidencyViolation(),
                new RegionIamStale())) {
            if (ALL.put(c.id(), c) != null) {
                throw new IllegalStateException("two checks for " + c.id());
            }
        }
    }

    private Checks() {}

    public static Check of(CheckId id) {
        Check c = ALL.get(id);
        if (c == null) {
            throw new IllegalStateException("no check implements " + id);
        }
        return c;
    }

    public static List<Check> of(Collection<CheckId> ids) {
        return ids.stream().sorted().map(Checks::of).toList();
    }

    public static List<Check> all() {
        return List.copyOf(ALL.values());
    }
}
