package dev.warden.server.gateway;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.AuthenticationResult.RejectionReason;
import dev.warden.gateway.DeviceAuthenticator;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.pki.Fingerprints;
import dev.warden.server.pki.CertificateStatusIndex;
import dev.warden.storage.Database;
import dev.warden.storage.registry.CertificateDao;
import dev.warden.storage.registry.CertificateKind;
import dev.warden.storage.registry.CertificateStatus;
import dev.warden.storage.registry.Thing;
import dev.warden.storage.registry.ThingDao;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides at every CONNECT whether a TLS-verified certificate still names an active device: it must be registered
 * with exactly this fingerprint (a serial alone could be claimed by another CA's certificate), be ACTIVE in the live
 * status index, be a device certificate, and its thing must exist. A claim certificate connects as its claim,
 * whose only permissions are the provisioning topics.
 */
public final class RegistryDeviceAuthenticator implements DeviceAuthenticator {
    private final CertificateStatusIndex index;
    private final Database database;

    public RegistryDeviceAuthenticator(CertificateStatusIndex index, Database database) {
        this.index = index;
        this.database = database;
    }

    @Override
    public AuthenticationResult authenticate(X509Certificate certificate) {
        String serial = certificate.getSerialNumber().toString(16);
        CertificateStatusIndex.Entry entry = index.get(certificate.getSerialNumber());
        if (entry == null) {
            return AuthenticationResult.reject(RejectionReason.CERTIFICATE_UNKNOWN, "serial " + serial + " is not registered");
        }
        String fingerprint = Fingerprints.sha256Hex(certificate);
        if (!fingerprint.equalsIgnoreCase(entry.fingerprint())) {
            return AuthenticationResult.reject(RejectionReason.CERTIFICATE_UNKNOWN,
                    "serial " + serial + " is registered for a different certificate");
        }
        if (entry.status() == CertificateStatus.REVOKED) {
            return AuthenticationResult.reject(RejectionReason.CERTIFICATE_REVOKED, "certificate " + serial + " is revoked");
        }
        if (entry.status() != CertificateStatus.ACTIVE) {
            return AuthenticationResult.reject(RejectionReason.CERTIFICATE_INACTIVE,
                    "certificate " + serial + " is " + entry.status());
        }
        if (entry.kind() == CertificateKind.CLAIM) {
            // A claim may connect, but its policy allows nothing except the provisioning topics.
            String claim = database.read(h -> new CertificateDao(h).find(serial)).map(c -> c.claimName()).orElse(null);
            if (claim == null) {
                return AuthenticationResult.reject(RejectionReason.CERTIFICATE_UNKNOWN, "claim certificate " + serial
                        + " names no claim");
            }
            return AuthenticationResult.accept(new DeviceIdentity(ThingPolicyCache.CLAIM_PREFIX + claim, serial, fingerprint,
                    java.util.Map.of(DeviceIdentity.CLAIM_ATTRIBUTE, claim)));
        }
        if (entry.kind() != CertificateKind.DEVICE || entry.thingName() == null) {
            return AuthenticationResult.reject(RejectionReason.THING_UNKNOWN,
                    "certificate " + serial + " is a " + entry.kind() + " certificate, not a device identity");
        }
        Optional<Thing> thing = database.read(h -> new ThingDao(h).find(entry.thingName()));
        if (thing.isEmpty()) {
            return AuthenticationResult.reject(RejectionReason.THING_UNKNOWN, "thing " + entry.thingName() + " does not exist");
        }
        return AuthenticationResult.accept(new DeviceIdentity(entry.thingName(), serial, fingerprint, thing.get().attributes()));
    }
}
