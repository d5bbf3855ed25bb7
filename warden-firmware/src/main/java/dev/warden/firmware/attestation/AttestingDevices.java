package dev.warden.firmware.attestation;

import dev.warden.gateway.DeviceIdentity;
import java.security.PublicKey;
import java.util.Optional;

/**
 * What the node knows of an attesting device, implemented by the node over the registry (so that firmware does not
 * depend on it): the public key of the very certificate the device connected with, and its thing type.
 */
@FunctionalInterface
public interface AttestingDevices {
    /** Empty when the certificate is no longer known (the report is then refused). */
    Optional<Device> find(DeviceIdentity identity);

    /** @param thingType null when the thing has no type */
    record Device(PublicKey publicKey, String thingType) {}
}
