package dev.warden.registry.residency;

import dev.warden.gateway.DeviceIdentity;
import dev.warden.gateway.PolicyProvider;
import dev.warden.policy.PolicySet;

/**
 * The gateway's policies in a region that may serve another region's devices during a failover: this region's things
 * from this region's attachments, a guest from the replica of its home region's ({@link GuestDevices}). A guest is
 * never decided by a local thing's policies, even one of the same name.
 */
public final class GuestAwarePolicies implements PolicyProvider {
    private final PolicyProvider local;
    private final GuestDevices guests;

    public GuestAwarePolicies(PolicyProvider local, GuestDevices guests) {
        this.local = local;
        this.guests = guests;
    }

    @Override
    public PolicySet policiesFor(String thingName) {
        return local.policiesFor(thingName);
    }

    @Override
    public PolicySet policiesFor(DeviceIdentity identity) {
        return identity.isGuest()
                ? guests.policiesOf(identity.homeRegion(), identity.thingName())
                : local.policiesFor(identity);
    }
}
