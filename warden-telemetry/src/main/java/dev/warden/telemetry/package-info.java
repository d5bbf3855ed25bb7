/**
 * Device data at rest: what each device publishes under its own {@code devices/<thing>/} prefix, sealed per thing into
 * AES-256-GCM segments under the thing's KMS data key, queried by thing and time, expired, and erased by
 * crypto-shredding.
 *
 * <p>Threads: {@link dev.warden.telemetry.TelemetryRecorder} is a gateway {@code PublishListener}, called on the
 * broker thread, so it only offers to a bounded queue and never blocks; its own {@code warden-telemetry-writer}
 * thread cuts batches into segments and writes them. A full queue drops and counts: a burst may cost data, never
 * memory or broker latency, and every accepted message ends in exactly one counter. Topics and payloads never reach
 * the database, a log line or an exception message in the clear; only the thing, the time span, the count and, per
 * message, whether its payload arrived sealed end to end (an envelope only its application can open) do.
 * Unwrapped data keys are cached per thing, so a message costs one AES-GCM operation, not a KMS call. A capability
 * built on the gateway's listener interface and the cores (kms, storage, audit); it never imports the API or the
 * node. Migrations are in {@code db/migration/telemetry}.
 */
package dev.warden.telemetry;
