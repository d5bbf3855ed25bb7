package dev.warden.buckets;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a bucket name and an object key may be, checked in one place because both the store (for writers) and
 * replication (for what another region sends) must refuse the same malformed names with the same reasons.
 */
final class BucketNames {
    /** S3's rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private BucketNames() {}

    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new BucketException(
                    BucketReason.INVALID_BUCKET_NAME,
                    "a bucket name has 3 to 63 lower-case letters, digits, "
                            + "dots and hyphens, and starts and ends with a letter or digit");
        }
    }

    static void requireKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.getBytes(StandardCharsets.UTF_8).length > BucketStore.MAX_KEY_BYTES
                || key.chars().anyMatch(Character::isISOControl)) {
            throw new BucketException(
                    BucketReason.INVALID_OBJECT_KEY,
                    "an object key has 1 to " + BucketStore.MAX_KEY_BYTES + " UTF-8 bytes and no control characters");
        }
    }
}
