package dev.warden.firmware.attestation;

import java.time.Instant;

/** A nonce handed to a device for its next attestation report. */
public record IssuedNonce(String value, Instant expiresAt) {}
