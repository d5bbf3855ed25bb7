package dev.warden.firmware.attestation;

import java.time.Instant;

/**
 * One judged attestation report, as stored: what the device claimed (null when the token could not be trusted that
 * far) and the verdict.
 *
 * @param minVersion the thing's floor after an accepted report; null otherwise
 */
public record Attestation(
        String thing,
        Instant at,
        AttestationReason reason,
        String message,
        String thingType,
        String version,
        String digest,
        String minVersion) {

    public boolean accepted() {
        return reason == AttestationReason.OK;
    }
}
