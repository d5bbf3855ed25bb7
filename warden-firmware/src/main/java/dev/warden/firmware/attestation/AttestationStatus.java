package dev.warden.firmware.attestation;

import java.util.Optional;

/**
 * What the node knows of a thing's boots: its last verified boot and its last report, which are the same unless the
 * last report failed.
 */
public record AttestationStatus(String thing, Optional<Attestation> lastVerified, Optional<Attestation> lastReport) {}
