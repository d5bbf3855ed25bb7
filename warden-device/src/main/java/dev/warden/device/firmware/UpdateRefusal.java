package dev.warden.device.firmware;

/** Why a device refused an update; reported to the node as the execution's outcome. */
public enum UpdateRefusal {
    /** The update metadata failed verification (a bad signature, a rollback or freeze of metadata, expiry). */
    METADATA_INVALID,
    /** The image does not match its signed length and hashes (tampered in transit or at rest). */
    IMAGE_INVALID,
    /** No signed metadata names the target: an unsigned or unreleased image. */
    NOT_RELEASED,
    /** The release's version is below the device's stored minimum. */
    ROLLBACK,
    /** The release names hardware revisions this device is not. */
    WRONG_HARDWARE,
    /** The repository or the download could not be reached. */
    UNREACHABLE
}
