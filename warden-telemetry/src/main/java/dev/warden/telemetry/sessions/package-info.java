/**
 * The gateway's {@code SessionStore} in the node's database: persistent MQTT sessions (subscriptions, held QoS 1/2
 * messages, waiting wills) and retained messages, all encrypted under the owning thing's data key, plus the clean-up
 * when a thing is deleted or erased.
 *
 * <p>It lives beside telemetry because it shares the per-thing data keys: erasing a thing shreds one key, and its
 * telemetry, sessions and retained messages all become unreadable together. Associated data binds each ciphertext to
 * region, thing, client ID and record, so a row moved elsewhere fails to decrypt. It is called on the gateway
 * journal's writer thread (in batches) and at start to restore, never on the broker or I/O threads.
 */
package dev.warden.telemetry.sessions;
