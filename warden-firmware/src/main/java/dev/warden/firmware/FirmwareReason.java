package dev.warden.firmware;

/** Why a firmware operation was refused; the admin API maps each to its HTTP status in one place. */
public enum FirmwareReason {
    INVALID_THING_TYPE,
    INVALID_VERSION,
    INVALID_HARDWARE,
    INVALID_REASON,
    IMAGE_EMPTY,
    IMAGE_TOO_LARGE,
    /** The minimum version is above the release's own version: no device could install it. */
    MIN_VERSION_ABOVE_VERSION,
    RELEASE_EXISTS,
    NO_SUCH_RELEASE,
    RELEASE_REVOKED,
    /** The stored image does not hash to what was published: refused rather than served. */
    IMAGE_CORRUPT
}
