/**
 * JMH micro-benchmarks of the costs that bound a node: policy decisions, certificate issuance, OCSP and CRLs,
 * encryption at rest, audit group commit and verification, the security monitor's detection engine (figures and caveats
 * in {@code BENCHMARKS.md}).
 *
 * <p>They measure the production code as the node calls it, with production settings (signed checkpoints, real
 * SQLite or PostgreSQL, real Tink), not simplified copies, so a figure means something for a node. A leaf module:
 * it may use any module (and the test kit), nothing depends on it, and the build runs only its own helpers' unit
 * tests, never a benchmark.
 * One benchmark sits in {@code dev.warden.telemetry} beside the store whose package-private writer it measures.
 */
package dev.warden.bench;
