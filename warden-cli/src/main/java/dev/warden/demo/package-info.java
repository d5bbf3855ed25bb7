/**
 * {@code warden demo}: a node on a temporary data directory, a fleet provisioned by claim, live telemetry, then a
 * series of attacks against that node, each shown blocked with how and how fast, and the audit trail verified at the
 * end.
 *
 * <p>It proves nothing unless it goes the way an attacker would: everything runs through the real CLI, HTTPS API,
 * MQTT gateway and TLS, with independent tools (openssl) where possible, never through internal calls that skip a
 * check. It attacks only the node it started itself, on loopback, and deletes its directory unless asked to keep it.
 */
package dev.warden.demo;
