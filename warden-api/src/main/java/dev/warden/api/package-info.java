/**
 * The HTTP layer: the HTTPS admin API (Javalin), the plain-HTTP public endpoint (CRL, OCSP, CA certificates, health),
 * the provisioning routes, the OpenAPI document, and the one translation of failures into JSON error bodies.
 *
 * <p>Every admin route is registered through {@link dev.warden.api.AuditedRoutes#add}, so every route is a named IAM
 * action on an ARN: the caller is authenticated (bearer credential, user token or a service account's client
 * certificate), the policy engine decides through IAM's {@code AdminAuthorizer}, a change (or a secret read) is
 * recorded durably as an intent before its handler runs, and the outcome is recorded before the response leaves.
 * While the audit trail cannot write, every audited route answers 503: no admin action happens unrecorded. Handlers
 * stay thin and call the capabilities, whose exceptions carry reason enums; {@code ReasonStatuses} (capability
 * reasons) and {@link dev.warden.api.ErrorResponses} (the rest) alone turn them into statuses, and an unexpected
 * failure shows only "internal error" and a request id, never a stack trace or a secret. It depends on the
 * capabilities and cores and takes a small {@link dev.warden.api.ApiSettings} record, never the node's configuration;
 * only {@code warden-node} wires it. Requests run on Jetty's threads; the current actor travels in
 * {@code AuditScope} for the events services record deeper down.
 */
package dev.warden.api;
