package dev.warden.kms;

import java.time.Instant;
import java.util.Map;

/**
 * What can be listed about a secret: never its value.
 *
 * @param labels    which version id each staging label points to
 * @param versions  how many versions are stored
 * @param rotatedAt last completed rotation, {@code null} if never rotated
 */
public record SecretMetadata(
        String name,
        String arn,
        String keyArn,
        String description,
        Instant createdAt,
        Instant updatedAt,
        Instant rotatedAt,
        Map<SecretLabel, String> labels,
        int versions) {}
