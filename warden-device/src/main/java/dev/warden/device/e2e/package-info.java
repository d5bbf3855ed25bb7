/**
 * End-to-end payloads from the device: {@link dev.warden.device.e2e.SealedPublisher} fetches a recipient's public
 * keyset from the node and seals every payload it publishes to it (warden-e2e, HPKE), so that the gateway routes and
 * the platform stores what only the recipient application can open.
 */
package dev.warden.device.e2e;
