package dev.warden.iam.store;

import java.time.Instant;

/** A stored policy document. Only documents that passed validation are ever stored. */
public record PolicyRecord(String name, String document, boolean builtIn, Instant createdAt, Instant updatedAt) {}
