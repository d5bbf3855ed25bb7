package dev.warden.console;

import dev.warden.buckets.BucketStore;
import dev.warden.kms.KeyManagementService;
import dev.warden.kms.SecretsManager;
import dev.warden.kms.node.KmsMaintenance;
import java.time.Duration;
import java.util.Objects;

/**
 * The KMS, the secrets manager and the buckets as the node built them for the API's {@code KmsApi},
 * {@code SecretsApi} and {@code BucketsApi}; {@code bucketKey} is the KMS key that wraps every bucket's data key, and
 * the rotation periods are compliance's, so that the page's "overdue" is the findings' "overdue".
 */
public record VaultServices(
        KeyManagementService kms,
        KmsMaintenance maintenance,
        SecretsManager secrets,
        BucketStore buckets,
        String bucketKey,
        Duration keyRotationPeriod,
        Duration secretRotationPeriod) {
    public VaultServices {
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(bucketKey, "bucketKey");
        Objects.requireNonNull(keyRotationPeriod, "keyRotationPeriod");
        Objects.requireNonNull(secretRotationPeriod, "secretRotationPeriod");
    }
}
