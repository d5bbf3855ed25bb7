/**
 * Payloads only the application can read: a device seals each payload with HPKE (RFC 9180: DHKEM X25519,
 * HKDF-SHA256, AES-256-GCM, through Tink) to a recipient's public keyset, binding it to the topic and the message id,
 * and the application opens it with the private keyset, which never reaches the platform. The gateway routes and the
 * telemetry store keeps the sealed envelope as it came, and can tell that it is one ({@link
 * dev.warden.e2e.PayloadEnvelope#isSealed}) without being able to open it. Pure: no I/O; keysets come in and go out as
 * bytes. Refusals are {@link dev.warden.e2e.E2eException}s with an {@link dev.warden.e2e.E2eReason}.
 */
package dev.warden.e2e;
