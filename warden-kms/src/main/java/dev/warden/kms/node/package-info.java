/**
 * What a node adds around its KMS: every operation sent to the audit trail, the built-in key-encryption key, the ARNs
 * the admin API authorizes keys and secrets by, and the background jobs (re-wrapping data keys after a rotation,
 * purging keys whose deletion date has passed) on the node's scheduler.
 *
 * <p>Kept out of {@code dev.warden.kms} so that the KMS package itself knows nothing of the audit trail or the
 * policy language and can be used and tested alone. The audit bridge queues each operation without blocking (the
 * admin request that caused it has its own durable event) and never records plaintext, secret values or key
 * material. The background jobs are idempotent, so a run that dies halfway is finished by the next one.
 */
package dev.warden.kms.node;
