package dev.warden.buckets;

/** An object read back and decrypted. */
public record BucketObject(String bucket, ObjectSummary summary, byte[] content) {}
