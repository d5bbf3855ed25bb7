/**
 * Warden's X.509 PKI: a region's CA hierarchy (root, issuing CA, delegated OCSP signer), device and server
 * certificates issued from CSRs, CRLs and an OCSP responder, with CA keys in software or in a PKCS#11 token.
 *
 * <p>It sits below everything that handles certificates (audit signing keys, IAM service accounts, the registry,
 * the device SDK, the node) and depends on no other Warden module. Building and parsing certificates, CSRs, CRLs
 * and OCSP responses is pure and thread-safe; the only I/O is loading a PKCS#11 module and reading its PIN file
 * ({@code Pkcs11*}), and persistence is left to {@code dev.warden.pki.store}. Input from devices is hostile:
 * {@link dev.warden.pki.CsrParser} checks the cheapest things first, so an oversized key never reaches signature
 * verification. Every refusal is a {@link dev.warden.pki.PkiException} with a {@link dev.warden.pki.PkiReason}, and
 * no message ever carries a private key, passphrase or PIN, so they may be logged and returned as they are. Code that
 * takes a CA key off the node must say so with {@link dev.warden.pki.KeyExportCapability#get()}.
 */
package dev.warden.pki;
