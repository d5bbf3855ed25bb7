package dev.warden.firmware;

/**
 * Told of every committed change to a thing type's releases, after the commit: the update metadata is signed again
 * from the releases as they now stand.
 */
@FunctionalInterface
public interface FirmwareListener {
    FirmwareListener NONE = type -> {};

    void releasesChanged(String thingType);
}
