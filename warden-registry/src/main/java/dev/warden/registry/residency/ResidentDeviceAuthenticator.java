package dev.warden.registry.residency;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.gateway.AuthenticationResult.RejectionReason;
import dev.warden.gateway.DeviceAuthenticator;
import dev.warden.pki.Fingerprints;
import dev.warden.registry.RegistryReason;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Data residency at CONNECT: a device of another region of the deployment is sent home (MQTT 5: Use Another Server,
 * with its home region's gateway as the Server Reference), with {@link RegistryReason#WRONG_REGION}; every other chain
 * goes to this region's own authenticator, unchanged. Nothing of a device sent home is looked up or stored here: no
 * thing, no session, no telemetry; only the attempt is audited, by the gateway's events.
 *
 * <p>The certificate's status is not checked here, on purpose: it lives in the home region, and the answer would be
 * the same. A revoked or inactive device of another region learns only "go home", which its certificate already tells
 * it, and its home region refuses it there; it is never let in here. Its chain is checked (PKIX up to its region's
 * pinned root, valid now, for client authentication), so an expired certificate fails the handshake as before.
 *
 * <p>A chain under another region's root that names no device of that region, or of a region that has left since
 * the handshake, is refused as unknown; it never reaches this region's registry.
 *
 * <p>While another region is failed over to this one ({@link GuestDevices}), its devices are not sent home (home is
 * down): they are decided from the replica of their certificate status and served here as guests.
 */
public final class ResidentDeviceAuthenticator implements DeviceAuthenticator {
    /** How stale the membership may be when a device of another region knocks: the read is not made per attempt. */
    static final Duration MEMBERSHIP_MAX_AGE = Duration.ofSeconds(1);

    private final DeviceAuthenticator local;
    private final Residency residency;
    private final GuestDevices guests;

    public ResidentDeviceAuthenticator(DeviceAuthenticator local, Residency residency) {
        this(local, residency, GuestDevices.NONE);
    }

    /** @param guests the regions failed over to this one, whose devices are served here instead of sent home */
    public ResidentDeviceAuthenticator(DeviceAuthenticator local, Residency residency, GuestDevices guests) {
        this.local = local;
        this.residency = residency;
        this.guests = guests;
    }

    /** Without the chain, the issuing CA is unknown: only this region's registry can decide. */
    @Override
    public AuthenticationResult authenticate(X509Certificate certificate) {
        return local.authenticate(certificate);
    }

    @Override
    public AuthenticationResult authenticate(X509Certificate[] chain) {
        if (!residency.mayBeForeign(chain)) {
            return local.authenticate(chain);
        }
        residency.refreshIfOlderThan(MEMBERSHIP_MAX_AGE);
        String serial = chain[0].getSerialNumber().toString(16);
        Optional<Residency.Home> home = residency.homeOf(chain);
        if (home.isEmpty()) {
            return AuthenticationResult.reject(
                    RejectionReason.CERTIFICATE_UNKNOWN,
                    "certificate " + serial + " is under another region's CA but names no device of an active region");
        }
        if (guests.serves(home.get().region().region())) {
            return guests.authenticate(home.get().region().region(), chain[0]);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("homeRegion", home.get().region().region());
        details.put("fingerprint", Fingerprints.sha256Hex(chain[0]));
        return AuthenticationResult.redirect(
                home.get().region().serverReference(),
                RegistryReason.WRONG_REGION.code(),
                home.get().device(),
                details);
    }
}
