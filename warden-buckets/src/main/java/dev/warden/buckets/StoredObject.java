package dev.warden.buckets;

/** One {@code bucket_objects} row: the content only as base64 ciphertext. */
record StoredObject(
        String region,
        String bucketId,
        String key,
        String objectId,
        long size,
        String contentType,
        String ciphertextBase64,
        long createdAtMillis) {}
