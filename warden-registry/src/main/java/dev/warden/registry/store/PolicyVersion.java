package dev.warden.registry.store;

import java.time.Instant;

/**
 * One document a customer policy has had: {@code version} counts from 1, the highest is the document in force, and
 * {@code restores} names the version a revert put back (null for an ordinary change).
 */
public record PolicyVersion(String policyName, int version, String document, Integer restores, Instant createdAt) {}
