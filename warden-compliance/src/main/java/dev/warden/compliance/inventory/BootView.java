package dev.warden.compliance.inventory;

import java.time.Instant;

/**
 * A thing's last boot attestation report, as the firmware tables hold it.
 *
 * @param reason          the verdict's reason code ({@code OK}, {@code UNKNOWN_IMAGE}, {@code REVOKED_IMAGE}, ...)
 * @param releaseRevoked  whether the release it attested is revoked now (revoked after the device booted it)
 */
public record BootView(
        String thing,
        Instant at,
        String reason,
        String thingType,
        String version,
        String digest,
        boolean releaseRevoked) {}
