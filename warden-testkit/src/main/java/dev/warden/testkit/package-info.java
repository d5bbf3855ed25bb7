/**
 * Test fixtures shared by every module's tests: free loopback ports, a fresh PostgreSQL schema per test, a SoftHSM2
 * token per JVM, a throwaway CA for TLS and mTLS ({@link dev.warden.testkit.TestCa}, built with BouncyCastle so that
 * it is independent of warden-pki), and independent verifiers (openssl, mosquitto clients) run as child processes.
 *
 * <p>Only ever a {@code test}-scoped dependency (warden-bench aside), so nothing here reaches a node. The rule that
 * shapes it: a missing PostgreSQL server or SoftHSM2 skips the test with its reason on a developer's machine, but
 * fails it in CI ({@code CI=true}), where {@code .ci/run} installs them, so a suite can never pass in CI by skipping
 * what it was meant to check. It depends on no Warden module, so any module may use it.
 */
package dev.warden.testkit;
