package dev.warden.device.firmware;

import dev.warden.tuf.version.FirmwareVersion;

/**
 * An image whose bytes matched the signed targets metadata, of a version the device may install.
 *
 * @param minVersion the floor this release sets once installed
 */
public record VerifiedImage(String target, FirmwareVersion version, FirmwareVersion minVersion, byte[] bytes) {
    public VerifiedImage {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
