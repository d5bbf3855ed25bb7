package dev.warden.firmware.attestation;

import java.time.Instant;

/** A nonce the node issued to a thing for its next attestation; {@code used} once a report spent it. */
public record AttestationNonce(String value, String thing, Instant issuedAt, Instant expiresAt, boolean used) {}
