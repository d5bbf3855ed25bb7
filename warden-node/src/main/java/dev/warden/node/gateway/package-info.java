/**
 * The gateway's events on their way to the audit trail: connects and disconnects with their counters, failed
 * handshakes, refused certificates, every authorization denial, firewall refusals and bans, and a once-a-minute
 * traffic summary per device instead of one event per allowed PUBLISH.
 *
 * <p>Here, not in the gateway, because the gateway knows nothing of the audit trail (its {@code GatewayEvents} is an
 * interface) and must stay a core. These callbacks run on the gateway's I/O and broker threads, so they only ever
 * use the trail's non-blocking {@code record}: a full audit queue drops and counts an event, it never slows a device.
 */
package dev.warden.node.gateway;
