package dev.warden.registry;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.AuthenticationResult.RejectionReason;
import dev.warden.gateway.DeviceAuthenticator;
import dev.warden.gateway.DeviceIdentity;
import dev.warden.pki.Fingerprints;
import dev.warden.registry.store.CertificateDao;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateStatus;
import dev.warden.registry.store.Thing;
import dev.warden.registry.store.ThingDao;
import dev.warden.storage.Database;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides at every CONNECT whether a TLS-verified certificate still names an active device: it must be registered
 * with exactly this fingerprint (a serial alone could be claimed by another CA's certificate), be ACTIVE in the live
 * status index, be a device certificate, and its thing must exist. A claim certificate connects as its claim,
 * whose only permissions are the provisioning topics.
 *
 * <p>The thing is read from the database at the first CONNECT of each certificate only; later ones take its
 * attributes from memory, after the same checks against the live index. That is safe because a thing's attributes
 * never change after it is created, and deleting a thing revokes its certificates first
 * ({@code CertificateService.deleteThing}), which the index check sees before the remembered thing is used.
 */
public final class RegistryDeviceAuthenticator implements DeviceAuthenticator {
    /** Past this many certificates the memory is cleared and things are read again. */
    static final int MAX_REMEMBERED_THINGS = 100_000;

    private record KnownThing(String name, Map<String, String> attributes) {}

    private final CertificateStatusIndex index;
    private final Database database;
    private final Map<String, KnownThing> thingsBySerial = new ConcurrentHashMap<>();

    public RegistryDeviceAuthenticator(CertificateStatusIndex index, Database database) {
        this.index = index;
        this.database = database;
    }

    @Override
    public AuthenticationResult authenticate(X509Certificate certificate) {
        String serial = certificate.getSerialNumber().toString(16);
        CertificateStatusIndex.Entry entry = index.get(certificate.getSerialNumber());
        if (entry == null) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_UNKNOWN, "serial " + serial + " is not registered");
        }
        String fingerprint = Fingerprints.sha256Hex(certificate);
        if (!fingerprint.equalsIgnoreCase(entry.fingerprint())) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_UNKNOWN,
                    "serial " + serial + " is registered for a different certificate");
        }
        if (entry.status() == CertificateStatus.REVOKED) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_REVOKED, "certificate " + serial + " is revoked");
        }
        if (entry.status() != CertificateStatus.ACTIVE) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_INACTIVE, "certificate " + serial + " is " + entry.status());
        }
        if (entry.kind() == CertificateKind.CLAIM) {
            // A claim may connect, but its policy allows nothing except the provisioning topics.
            String claim = database.read(h -> new CertificateDao(h).find(serial))
                    .map(c -> c.claimName())
                    .orElse(null);
            if (claim == null) {
                return AuthenticationResult.reject(
                        RejectionReason.CERTIFICATE_UNKNOWN, "claim certificate " + serial + " names no claim");
            }
            return AuthenticationResult.accept(new DeviceIdentity(
                    ThingPolicyCache.CLAIM_PREFIX + claim,
                    serial,
                    fingerprint,
                    Map.of(DeviceIdentity.CLAIM_ATTRIBUTE, claim)));
        }
        if (entry.kind() != CertificateKind.DEVICE || entry.thingName() == null) {
            return AuthenticationResult.reject(
                    RejectionReason.THING_UNKNOWN,
                    "certificate " + serial + " is a " + entry.kind() + " certificate, not a device identity");
        }
        KnownThing known = thingsBySerial.get(serial);
        if (known == null || !known.name().equals(entry.thingName())) {
            Optional<Thing> thing = database.read(h -> new ThingDao(h).find(entry.thingName()));
            if (thing.isEmpty()) {
                return AuthenticationResult.reject(
                        RejectionReason.THING_UNKNOWN, "thing " + entry.thingName() + " does not exist");
            }
            known = new KnownThing(entry.thingName(), Map.copyOf(thing.get().attributes()));
            remember(serial, known);
        }
        return AuthenticationResult.accept(new DeviceIdentity(known.name(), serial, fingerprint, known.attributes()));
    }

    /** The certificate is no longer ACTIVE: its thing need not be remembered (the index refuses it anyway). */
    public void forget(String serialHex) {
        thingsBySerial.remove(serialHex);
    }

    private void remember(String serial, KnownThing thing) {
        if (thingsBySerial.size() >= MAX_REMEMBERED_THINGS) {
            thingsBySerial.clear();
        }
        thingsBySerial.put(serial, thing);
    }
}
