/**
 * The monitor's mitigations, carried out by this node: {@link dev.warden.node.monitor.NodeMitigationTargets} gives
 * the monitor (which knows neither the registry nor the node) quarantine through the registry's thing group,
 * revocation and deactivation of certificates, the gateway's live sessions and stored bans, and raised audit detail in
 * the publish path. Thin: each method is one call into a capability, its refusals turned into the monitor's
 * {@code MITIGATION_FAILED} with the capability's own (secret-free) message.
 */
package dev.warden.node.monitor;
