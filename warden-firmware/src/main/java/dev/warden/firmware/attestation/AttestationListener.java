package dev.warden.firmware.attestation;

import dev.warden.gateway.DeviceIdentity;

/**
 * Told of every judged report, after its row is committed (on the attestation thread: it must not block): the node
 * audits it and feeds failures to monitoring.
 */
@FunctionalInterface
public interface AttestationListener {
    AttestationListener NONE = (device, result) -> {};

    void attested(DeviceIdentity device, AttestationResult result);
}
