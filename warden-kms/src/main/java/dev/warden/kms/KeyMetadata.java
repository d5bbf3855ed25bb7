package dev.warden.kms;

import java.time.Instant;

/**
 * What can be said about a key-encryption key without its material.
 *
 * @param primaryVersion the version new ciphertexts and wrapped data keys use (1-based)
 * @param versions       how many versions exist; every one of them still decrypts
 * @param rotatedAt      last rotation, {@code null} if never rotated
 * @param deletionAt     when a pending deletion takes effect, {@code null} if none
 */
public record KeyMetadata(
        String arn,
        String region,
        String account,
        String name,
        String description,
        KeyState state,
        int primaryVersion,
        int versions,
        Instant createdAt,
        Instant rotatedAt,
        Instant deletionAt) {}
