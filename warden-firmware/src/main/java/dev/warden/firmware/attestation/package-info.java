/**
 * Boot attestation: after each boot a device reports what it is running, as an Entity Attestation Token (RFC 9711) in
 * JWT form, signed ES256 with its device key over a nonce the node issued; the node judges it against the device's
 * certificate and the thing type's releases.
 *
 * <p>Warden's profile of the EAT claims: {@code eat_nonce} (a base64url string the node issued, required),
 * {@code sub} (the thing name; RFC 9711's {@code ueid} would need a registered device id, the thing name is what the
 * platform knows the device by), {@code iat}, {@code swname} (the thing type), {@code swversion} (the version text),
 * and {@code measurements} simplified to a JSON array of one object {@code {"alg": "sha-256", "digest": "<hex>"}}:
 * the SHA-256 of the running image, as the release published it (RFC 9711's measurements claim wraps CoSWID or other
 * measurement formats; a digest is all the node compares). The JWS header is {@code alg: ES256} and {@code typ:
 * eat+jwt} (the media type {@code application/eat+jwt} of RFC 9782), so that no other JWT signed by a device key can
 * pass for an attestation.
 *
 * <p>{@link dev.warden.firmware.attestation.AttestationVerifier} is pure (no clock, no I/O: the nonce is looked up by
 * the caller's function); {@link dev.warden.firmware.attestation.AttestationService} owns the nonce and attestation
 * tables and the transaction that consumes a nonce; {@link dev.warden.firmware.attestation.AttestationOverMqtt} is
 * the devices' side. A token is never logged nor stored, only what it claimed.
 */
package dev.warden.firmware.attestation;
