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
}
