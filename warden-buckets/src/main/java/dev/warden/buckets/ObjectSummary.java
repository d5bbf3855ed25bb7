package dev.warden.buckets;

import java.time.Instant;

/** An object's metadata (never its content). */
public record ObjectSummary(String key, long size, String contentType, Instant createdAt) {}
