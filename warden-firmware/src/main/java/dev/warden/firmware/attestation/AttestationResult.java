package dev.warden.firmware.attestation;

import dev.warden.tuf.version.FirmwareVersion;

/**
 * What the node made of one report. The claimed fields are null when the token did not get far enough to be read
 * (a bad signature's claims are not trusted, so not kept).
 *
 * @param message     why, for the device and the operator (never the token)
 * @param nonce       the nonce the report claimed
 * @param thingType   the claimed {@code swname}
 * @param version     the claimed {@code swversion}
 * @param digest      the claimed SHA-256 of the running image, lowercase hex
 * @param minVersion  on {@link AttestationReason#OK}, the attested release's minimum version (the thing's floor from
 *                    now on); otherwise null
 */
public record AttestationResult(
        AttestationReason reason,
        String message,
        String nonce,
        String thingType,
        String version,
        String digest,
        FirmwareVersion minVersion) {

    public boolean accepted() {
        return reason == AttestationReason.OK;
    }

    static AttestationResult failed(AttestationReason reason, String message) {
        return new AttestationResult(reason, message, null, null, null, null, null);
    }

    AttestationResult withReason(AttestationReason newReason, String newMessage) {
        return new AttestationResult(newReason, newMessage, nonce, thingType, version, digest, null);
    }
}
