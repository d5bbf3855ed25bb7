/**
 * Region links: the only path between regions. A link is HTTPS with mutual TLS on its own port, under the TLS policy
 * of the gateway and the admin API (TLS 1.3, 1.2 allowed, ECDHE with AEAD suites only, no renegotiation). Each side
 * presents its node certificate; a peer is trusted only through the root certificate its region registered when it
 * joined, and identified by the region named in its certificate's URI. The link offers a fixed set of operations
 * ({@link dev.warden.region.link.LinkOperation}); joining is the one a caller without a member certificate may call,
 * and it is authorized by a one-time join token instead.
 */
package dev.warden.region.link;
