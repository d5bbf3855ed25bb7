/**
 * The device registry: things, their certificates (issued only from a CSR, revoked for good), the live status index
 * that OCSP, the CRL and the gateway read, policies attached to things, and the gateway's two decisions about a
 * device: {@link dev.warden.registry.RegistryDeviceAuthenticator} (is this certificate still an active device? asked
 * at every CONNECT) and {@link dev.warden.registry.ThingPolicyCache} (which compiled policies apply to it).
 * Principals' client certificates live here too, issued by the same CA and published in the same CRL and OCSP:
 * a service account's for the admin API ({@link dev.warden.registry.ServiceAccountCertificates}) and a user's for the
 * console ({@link dev.warden.registry.UserCertificates}, this region's only), both checked by one
 * {@link dev.warden.registry.ClientCertificateCheck} and refused by the gateway.
 *
 * <p>A capability: it implements the gateway's interfaces rather than the gateway calling into it, depends on the
 * cores and on {@code warden-iam} (policy documents and service accounts live in IAM's tables), and never on HTTP or
 * the node. Every write is one transaction, and in-memory views (status index, compiled policies) change only after
 * the commit, so a revocation reaches live sessions through the status index's listeners and a policy change
 * applies on a session's next packet. Both lookups fail closed: an unknown, revoked or mismatched certificate, or a
 * stored policy that does not parse, refuses. Thing names cannot carry MQTT or policy wildcards. Every refusal is a
 * {@link dev.warden.registry.RegistryException} with a {@link dev.warden.registry.RegistryReason}, mapped to HTTP in
 * {@code warden-api} alone. Migrations are in {@code db/migration/registry}.
 */
package dev.warden.registry;
