/**
 * Load and revocation benchmarks of a running gateway beside Mosquitto 2: connection setup, publish throughput and
 * latency, idle memory, reconnect storms, and how fast a revocation cuts a connected device.
 *
 * <p>Both brokers run as child processes configured alike (same CA, device certificates, TLS settings and topic
 * confinement, a real {@code warden.jar server} on free ports and a fresh data directory); this JVM is only the load
 * generator and alternates between them (A B A B) so that drift of the shared machine hits both alike. The lean
 * generator (one Netty event loop group, BoringSSL) exists so that its own CPU does not set the pace. Admin actions go
 * through the node's HTTPS API like any client's; nothing reaches into the node's process.
 *
 * <p>{@link dev.warden.bench.load.MonitoringBench} reuses the same parts for security monitoring (issue 21): the
 * gateway with monitoring on beside off (two copies of one node, alternating rounds of {@code RoundRunner}), and the
 * detection latency of the built-in profile's attacks ({@code Attack}, {@code DetectionProbe}) while a fleet publishes.
 */
package dev.warden.bench.load;
