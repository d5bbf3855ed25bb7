package dev.warden.kms;

import java.time.Instant;
import java.util.Set;

/** One version of a secret with its value. {@link #toString()} never shows the value (see {@link SecretValue}). */
public record SecretVersion(
        String name, String arn, String versionId, Set<SecretLabel> labels, Instant createdAt, SecretValue value) {}
