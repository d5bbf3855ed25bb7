package dev.warden.compliance.inventory;

import java.util.Optional;

/**
 * A bucket and its resource policy.
 *
 * @param grantsToEveryone some Allow statement of its policy names Principal {@code *}
 */
public record BucketView(String name, String arn, Optional<String> policy, boolean grantsToEveryone) {}
