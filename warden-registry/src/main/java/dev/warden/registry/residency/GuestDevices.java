package dev.warden.registry.residency;

import dev.warden.gateway.AuthenticationResult;
import dev.warden.policy.PolicySet;
import java.security.cert.X509Certificate;

/**
 * Devices of another region that this region serves while that region is failed over to it (this region is its
 * declared standby). Their certificate status comes from a replica of the home region's, kept while the home was up,
 * so a certificate revoked there before the failure is refused here too. The node's region service implements it.
 */
public interface GuestDevices {
    /** Serves no other region's devices: they are sent home. */
    GuestDevices NONE = new GuestDevices() {
        @Override
        public boolean serves(String homeRegion) {
            return false;
        }

        @Override
        public AuthenticationResult authenticate(String homeRegion, X509Certificate leaf) {
            return AuthenticationResult.reject(
                    AuthenticationResult.RejectionReason.CERTIFICATE_UNKNOWN,
                    "region " + homeRegion + " is not failed over to this region");
        }

        @Override
        public PolicySet policiesOf(String homeRegion, String thing) {
            throw new IllegalStateException("region " + homeRegion + " is not failed over to this region");
        }
    };

    /** Whether a failover of {@code homeRegion} to this region is in force. Reads memory only (I/O threads ask). */
    boolean serves(String homeRegion);

    /**
     * Decides a device of {@code homeRegion} whose chain validated up to that region's root: accepted as a guest
     * ({@code DeviceIdentity#homeRegion()} set) only if the replica holds this exact certificate as an active device.
     */
    AuthenticationResult authenticate(String homeRegion, X509Certificate leaf);

    /**
     * The policies of a guest device, as its home attached them (their resources name the home region). Throws when
     * the region is not served here: the gateway then refuses, failing closed.
     */
    PolicySet policiesOf(String homeRegion, String thing);
}
