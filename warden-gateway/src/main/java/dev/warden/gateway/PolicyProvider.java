package dev.warden.gateway;

import dev.warden.policy.PolicySet;

/**
 * The policies attached to a thing. Called at every CONNECT on a worker thread; the set returned governs the whole
 * connection (reconnect to pick up a change; {@link SessionRegistry#disconnectThing} forces that). Throwing or
 * returning null refuses the connection.
 */
@FunctionalInterface
public interface PolicyProvider {
    PolicySet policiesFor(String thingName);

    /**
     * The policies of the device {@code identity} names. A device of another region served here during a failover
     * ({@link DeviceIdentity#isGuest()}) has its home region's policies, which a provider that knows them overrides
     * this to return; this one knows only this region's things, so it refuses such a device.
     */
    default PolicySet policiesFor(DeviceIdentity identity) {
        if (identity.isGuest()) {
            throw new IllegalStateException("no policies of region " + identity.homeRegion() + " here");
        }
        return policiesFor(identity.thingName());
    }
}
