/**
 * The Update Framework (TUF, specification 1.0.x) without I/O: metadata records, canonical JSON, keys, signing and
 * the file names of a repository with consistent snapshots. Warden publishes firmware update metadata as a TUF
 * repository per thing type; this package is what writes it, and {@code dev.warden.tuf.client} is what a device
 * verifies it with.
 *
 * <p>Formats are those of the reference implementations, checked against them rather than assumed: canonical JSON
 * as securesystemslib and {@code @tufjs/canonical-json} write it ({@link dev.warden.tuf.CanonicalJson}); ECDSA P-256
 * keys as {@code {"keytype":"ecdsa","scheme":"ecdsa-sha2-nistp256","keyval":{"public":"<PEM SPKI>"}}} whose key id
 * is the SHA-256 of the canonical key ({@link dev.warden.tuf.TufKey#keyId()}); signatures as hex of DER
 * ({@link dev.warden.tuf.TufSignature}); spec_version {@value dev.warden.tuf.TufMetadata#SPEC_VERSION}; expiry as
 * {@code YYYY-MM-DDTHH:MM:SSZ}. tuf-js, an implementation Warden did not write, reads what this package writes in
 * {@code TufJsInteropTest}.
 *
 * <p>Trust boundaries: everything parsed here may come from a hostile repository or network. Parsing is tolerant of
 * unknown fields and strict on types, duplicate keys and number ranges, and signatures always cover the canonical
 * form of the {@code signed} object exactly as received. Private keys never enter this package: signing goes through
 * {@link dev.warden.tuf.TufSigner} (a KMS key in the node), and {@link dev.warden.tuf.MetadataWriter} verifies each
 * signature before it returns a file. Every refusal is a {@link dev.warden.tuf.TufException} with a
 * {@link dev.warden.tuf.TufReason}; messages hold versions, key ids and hashes, never key material, and names taken
 * from metadata are quoted or percent-encoded. Classes are immutable and thread-safe; there is no clock: times are
 * passed in.
 */
package dev.warden.tuf;
