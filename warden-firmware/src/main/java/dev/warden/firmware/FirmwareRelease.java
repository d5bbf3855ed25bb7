package dev.warden.firmware;

import dev.warden.tuf.version.FirmwareVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A published firmware release of a thing type.
 *
 * @param minVersion the oldest version a device may go back to once it installed this release (its anti-rollback
 *                   floor; equal to {@code version} when not given)
 * @param hardware   the hardware revisions the image fits; empty means every revision of the type
 * @param revocation present once revoked
 */
public record FirmwareRelease(
        String thingType,
        FirmwareVersion version,
        FirmwareVersion minVersion,
        long length,
        String sha256,
        String sha512,
        List<String> hardware,
        int parts,
        Instant publishedAt,
        String publishedBy,
        Optional<Revocation> revocation) {

    /** When, by whom and why a release was revoked. */
    public record Revocation(Instant at, String by, String reason) {}

    public FirmwareRelease {
        hardware = List.copyOf(hardware);
    }

    public boolean revoked() {
        return revocation.isPresent();
    }

    /** The release's path in the update metadata and its name for devices: {@code <type>/<version>/firmware.bin}. */
    public String targetPath() {
        return thingType + "/" + version + "/firmware.bin";
    }

    FirmwareRelease revoke(Revocation how) {
        return new FirmwareRelease(
                thingType,
                version,
                minVersion,
                length,
                sha256,
                sha512,
                hardware,
                parts,
                publishedAt,
                publishedBy,
                Optional.of(how));
    }
}
