/**
 * One Warden node: {@link dev.warden.node.WardenNode} opens storage, the KMS and the audit trail, builds every
 * capability, the admin API and the gateway with plain constructors, and starts them; {@code NodeInitializer} creates
 * what a node needs first ({@code warden init}, also run on every start, idempotent).
 *
 * <p>This is the only module that knows how the pieces fit, so nothing else may depend on it but the CLI (and the
 * end-to-end tests). It owns what is specific to one machine: the data directory layout, the lock that keeps two
 * nodes off one directory, the node's private keys sealed under the KMS master key (never plaintext on disk), the
 * audit signing and seal keys, and {@code storage.json} so that offline tools find the real database. Threads it
 * adds: one {@code warden-scheduler} for periodic jobs (CRL refresh, certificate rotation overlap, traffic
 * summaries, retention, KMS maintenance), on top of the gateway's, the audit writer's, the telemetry writer's and
 * Jetty's. {@link dev.warden.node.WardenNode#start()} returns only once {@code /health} answers 200.
 */
package dev.warden.node;
