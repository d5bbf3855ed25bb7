/**
 * Bucket replication across regions (issue 24): the link side of it. A source region sends an object, decrypted, to a
 * destination region only over the mutual-TLS region link ({@code REPLICATE_OBJECT}), only when the deployment's
 * residency table ({@link dev.warden.region.core.Jurisdictions}) lets data of the one reach the other; the destination
 * checks the same rule again on arrival and stores the replica under its own KMS key through
 * {@link dev.warden.region.replication.ReplicaSink}, which the node implements with the bucket store (this module
 * knows nothing of buckets). Both ends audit {@code region:ReplicateObject} with bucket, key, size and SHA-256, never
 * content.
 */
package dev.warden.region.replication;
