/**
 * Firmware releases: what a thing type may run. A release is an image (kept in the firmware bucket, encrypted at
 * rest), its SHA-256 and SHA-512, length, version, the oldest version a device may hold once it installed this one
 * ({@code min-version}, for anti-rollback), and the hardware it fits. Releases are published and revoked, never
 * edited or deleted: a revoked release stays known so that a device found running it can be named.
 *
 * <p>Versions are {@link dev.warden.tuf.version.FirmwareVersion}s (shared with the device SDK);
 * {@link dev.warden.firmware.FirmwareService} owns the
 * release table and the images, and reports every change to its listener so that the node can sign the update
 * metadata and audit it. Errors are {@link dev.warden.firmware.FirmwareException}s with a
 * {@link dev.warden.firmware.FirmwareReason}.
 */
package dev.warden.firmware;
