/**
 * Warden's TLS policy and client-certificate trust, shared by the gateway's listeners, the admin API's HTTPS server
 * and the outgoing HTTPS clients (the CLI, the node's witness delivery).
 *
 * <p>One place decides protocols and suites (TLS 1.3 and 1.2, ECDHE with AEAD only) so that no listener can drift.
 * {@link dev.warden.registry.tls.ClientTrust} checks only the chain, against Warden's root and the registered
 * manufacturer CAs, whose set changes at run time without a restart; whether a certificate is still ACTIVE is decided
 * per request by the registry, so a resumed TLS session can never bring a revoked certificate back. Validated chains
 * are remembered, bounded, for their validity window and forgotten at once when the anchors change. Called on the
 * I/O threads during handshakes: nothing here touches the database.
 */
package dev.warden.registry.tls;
