package dev.warden.registry.recipients;

import java.time.Instant;

/** A recipient as published: its public keyset (Tink JSON, no secret) and the key devices seal to now. */
public record Recipient(String name, String publicKeyset, long primaryKeyId, Instant updatedAt, String updatedBy) {}
