package dev.warden.pki;

import java.security.PublicKey;

/**
 * A CSR that passed {@link CsrParser}: parseable, acceptable key, valid proof-of-possession signature.
 *
 * @param publicKey      the subject public key
 * @param commonName     first CN of the subject, or null when the subject has none
 * @param keyDescription human-readable key summary such as {@code "EC P-256"} or {@code "RSA 2048"}
 * @param encoded        the CSR's DER encoding (a copy is not made; treat as read-only)
 */
public record ValidatedCsr(PublicKey publicKey, String commonName, String keyDescription, byte[] encoded) {}
